// The network server's parts (doc/net.md). ns is one environment running lwIP
// in one thread: its loop (net/ns.cpp) takes IPC messages one at a time (a
// frame from the input helper, a tick from the timer helper, or a socket
// request from a client) and nothing else ever enters lwIP.
#pragma once

#include <inc/lib.h>
#include <inc/ns.h>
#include <inc/nsipc.h>

// ns's own address space. Requests and frames arrive at NS_REQUEST_VA; a
// request that must wait keeps its page at ns_pending_page(socket); socket i's
// descriptor page (shared with its clients) is at ns_fd_page(i).
constexpr uintptr_t NS_REQUEST_VA = 0x0f000000;
constexpr uintptr_t NS_OUTPUT_VA = 0x0f001000; // the next frame for the output helper
constexpr uintptr_t NS_FD_PAGES = 0x0f100000;
constexpr uintptr_t NS_PENDING_PAGES = 0x0f200000;

constexpr int NS_MAX_SOCKETS = 32;
constexpr uint32_t NS_TIMER_MS = 50; // how often lwIP's timers are looked at, at least

// The addresses of QEMU's user network (-netdev user): ns is 10.0.2.15/24 and
// the host is reached through the gateway 10.0.2.2.
constexpr uint8_t NS_IP[4] = {10, 0, 2, 15};
constexpr uint8_t NS_NETMASK[4] = {255, 255, 255, 0};
constexpr uint8_t NS_GATEWAY[4] = {10, 0, 2, 2};

// net/ns_netif.cpp: lwIP and its one interface, whose frames go to output_env.
void ns_netif_start(envid_t output_env);
// Hands one frame from the input helper to lwIP (copied: the page is reused).
void ns_netif_input(const PacketPage* frame);
// Runs lwIP's timers that are due.
void ns_netif_timers();

// net/ns_sockets.cpp: the socket requests of inc/nsipc.h.
// Serves one request whose page is at NS_REQUEST_VA (request is null if the
// client sent none: answered inval): answers it now, or keeps the page and
// answers once it can (ns_sockets_progress).
void ns_sockets_serve(envid_t client, uint32_t type, Nsipc* request);
// Answers the waiting requests that can be answered now.
void ns_sockets_progress();
// Closes the sockets that no environment but ns maps any more.
void ns_sockets_reap();

// net/ns_session.cpp: the end of a session, once the program the kernel
// started with ns and all its descendants have exited.
constexpr int NS_HELPERS = 3; // input, output, timer
// Whether no environment but ns, its helpers and the file server is left.
bool ns_session_over(envid_t ns);
// Destroys the helpers, ends the file server, and exits.
[[noreturn]] void ns_session_end(const envid_t (&helpers)[NS_HELPERS]);

// net/ns_timer.cpp: the timer helper's loop: an NSREQ_TIMER to ns every NS_TIMER_MS.
[[noreturn]] void ns_timer_loop(envid_t ns);
