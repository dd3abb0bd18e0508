// The network server (ns) and its two helper environments (net/):
//   input:  calls sys_net_try_receive in a loop and sends each frame to ns;
//   output: receives frames from ns and calls sys_net_try_transmit.
// A frame travels as an IPC: the value is a request code below, the page a
// PacketPage. The page moves, it is not copied: after sending a page the sender
// maps a fresh one for the next frame, so the receiver may keep the old one as
// long as it likes (lwIP holds a frame until it has processed it).
#pragma once

#include <inc/env.h>
#include <inc/mmu.h>
#include <inc/net.h>
#include <inc/types.h>

// IPC values between ns and its helpers. The socket requests of the library OS
// (lib/, Part B of lab 6) use small numbers; these two stay out of their way.
enum NsPacketRequest : uint32_t {
    NSREQ_INPUT = 0x100,  // input -> ns: the page holds one received frame
    NSREQ_OUTPUT = 0x101, // ns -> output: the page holds one frame to send
};

// One frame in one page: its length, then its bytes.
struct PacketPage {
    uint32_t length; // bytes in data[], 1..NET_FRAME_MAX
    uint8_t data[PGSIZE - sizeof(uint32_t)];
};
static_assert(__is_standard_layout(PacketPage));
static_assert(sizeof(PacketPage) == PGSIZE);
static_assert(offsetof(PacketPage, data) == 4);
static_assert(NET_FRAME_MAX <= sizeof(PacketPage::data));

// The page each helper moves frames through, in its own address space. ns
// forks the helpers, so ns itself should keep nothing it needs here.
constexpr uintptr_t NS_HELPER_PACKET_VA = 0x0ffff000;

// The helpers' loops (net/input.cpp, net/output.cpp), linked into ns and into
// the driver tests (which play ns themselves). Each serves the environment ns
// until it is destroyed; neither returns.
[[noreturn]] void net_input_loop(envid_t ns);
[[noreturn]] void net_output_loop(envid_t ns);
