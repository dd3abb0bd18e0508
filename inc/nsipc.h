// The socket protocol between the library OS (lib/nsipc.cpp) and the network
// server (net/ns_sockets.cpp). As with the file server (inc/fsipc.h), a client
// sends a request code as the IPC value with its request page (an Nsipc); ns
// answers with a value (>= 0, or a negative Error) and, for socket and accept,
// the new descriptor page (an Fd, PTE_SHARE, which ns keeps mapped too: when
// only ns maps it, every client has closed it or exited, and ns closes the
// socket). A request that must wait (accept, connect, recv, send on a full
// window) is answered when it can be; the client waits in ipc_recv meanwhile.
#pragma once

#include <inc/mmu.h>
#include <inc/socket.h>
#include <inc/types.h>

// Socket requests use small numbers; inc/ns.h's frame requests (0x100...) and
// ns's own timer tick stay out of their way.
enum NsRequest : uint32_t {
    NSREQ_SOCKET = 1, // answer: 0 and the descriptor page
    NSREQ_BIND,
    NSREQ_LISTEN,
    NSREQ_ACCEPT, // answer: 0, the new descriptor page; the peer in accept_ret
    NSREQ_CONNECT,
    NSREQ_SEND, // answer: bytes queued (> 0: ns waits for room before answering)
    NSREQ_RECV, // answer: bytes left in recv_ret (0: end of stream)
    NSREQ_SHUTDOWN,
    NSREQ_CLOSE,
    NSREQ_SENDTO,        // a datagram socket's: answer: bytes sent
    NSREQ_RECVFROM,      // a datagram socket's (the recv request): answer: bytes in recvfrom_ret
    NSREQ_TIMER = 0x1ff, // ns's timer helper -> ns: run lwIP's timers (net/ns_timer.cpp)
};

// The request page. Every member fits in one page.
union Nsipc {
    struct {
        int32_t req_domain;
        int32_t req_type;
        int32_t req_protocol;
    } socket;
    struct {
        int32_t req_sock;
        SockAddrIn req_addr;
    } bind, connect;
    struct {
        int32_t req_sock;
        int32_t req_backlog;
    } listen;
    struct {
        int32_t req_sock;
    } accept, close;
    struct {
        int32_t req_sock; // must stay first: ns reads it before knowing the request
        SockAddrIn ret_addr;
    } accept_ret;
    struct {
        int32_t req_sock;
        uint32_t req_n;
        uint8_t req_buf[PGSIZE - 2 * sizeof(uint32_t)];
    } send;
    struct {
        int32_t req_sock;
        uint32_t req_n;
    } recv;
    struct {
        uint8_t ret_buf[PGSIZE];
    } recv_ret;
    struct {
        int32_t req_sock;
        int32_t req_how;
    } shutdown;
    struct {
        int32_t req_sock;
        uint32_t req_n;
        SockAddrIn req_addr;
        uint8_t req_buf[PGSIZE - 2 * sizeof(uint32_t) - sizeof(SockAddrIn)];
    } sendto;
    struct {
        SockAddrIn ret_addr;
        uint8_t ret_buf[PGSIZE - sizeof(SockAddrIn)];
    } recvfrom_ret;
    uint8_t _pad[PGSIZE];
};
static_assert(sizeof(Nsipc) == PGSIZE);
static_assert(offsetof(Nsipc, send.req_buf) == 8);

// The most one send or recv request moves.
constexpr uint32_t NSIPC_MAX_SEND = sizeof(Nsipc::send.req_buf);
constexpr uint32_t NSIPC_MAX_RECV = sizeof(Nsipc::recv_ret.ret_buf);
// The longest datagram: one Ethernet frame's payload less the IP and UDP
// headers, so no datagram needs IP fragmentation.
constexpr uint32_t NSIPC_MAX_DATAGRAM = 1500 - 20 - 8;
static_assert(NSIPC_MAX_DATAGRAM <= sizeof(Nsipc::sendto.req_buf));
static_assert(NSIPC_MAX_DATAGRAM <= sizeof(Nsipc::recvfrom_ret.ret_buf));

// lib/nsipc.cpp: the client's request page and its one call. nsipc sends
// nsipcbuf as request `type`, waits for the answer (its page, if any, mapped
// at dstva) and returns the answer's value. Errors: not_supp (no network
// server in this system), bad_env (it has gone), and the server's.
extern Nsipc nsipcbuf;
int nsipc(NsRequest type, void* dstva);
