// The socket table inside ns (net/ns_sockets.cpp) and the requests on a socket
// (net/ns_requests.cpp), which share it. Only these two files and
// net/ns_netif.cpp see lwIP.
#pragma once

#include "net/ns.h"

#include <lwip/tcp.h>
#include <lwip/udp.h>

constexpr int BACKLOG_MAX = 8;   // accepted connections a listener holds for accept
constexpr int DATAGRAMS_MAX = 8; // datagrams a UDP socket holds for recvfrom; more are dropped

// One arrived datagram: its payload and where it came from (network order).
struct Datagram {
    pbuf* payload;
    uint32_t from_addr;
    uint16_t from_port;
};

struct Socket {
    bool used;
    bool handed_out; // its descriptor page exists: clients have (or had) it
    bool listening;
    bool connecting;
    bool connected;
    bool peer_closed;         // the peer's FIN arrived: reads end once `received` is empty
    bool read_shut;           // shutdown(SHUT_RD): reads end now
    err_t error;              // what ended the connection, when lwIP freed the pcb
    tcp_pcb* pcb;             // null once lwIP freed it
    pbuf* received;           // arrived and not yet read
    int backlog[BACKLOG_MAX]; // a listener's accepted connections (socket ids), oldest first
    int backlog_count;
    // A datagram socket's (SOCK_DGRAM; pcb is null): net/ns_datagrams.cpp.
    udp_pcb* udp;
    Datagram datagrams[DATAGRAMS_MAX]; // arrived, not yet read, oldest first
    int datagram_count;
    // The request waiting for its answer, if any; its page is at pending_page().
    bool waiting;
    envid_t waiter;
    uint32_t waiting_type;
};

extern Socket ns_socket_table[NS_MAX_SOCKETS];

inline int
id_of(const Socket& s)
{
    return static_cast<int>(&s - ns_socket_table);
}

// lwIP's address for a SockAddrIn's (both in network order).
inline ip_addr_t
address_of(const SockAddrIn& sa)
{
    ip_addr_t addr;
    ip_addr_set_ip4_u32(&addr, sa.sin_addr);
    return addr;
}

inline Fd*
fd_page(const Socket& s)
{
    return reinterpret_cast<Fd*>(NS_FD_PAGES + id_of(s) * PGSIZE);
}

inline Nsipc*
pending_page(const Socket& s)
{
    return reinterpret_cast<Nsipc*>(NS_PENDING_PAGES + id_of(s) * PGSIZE);
}

// What a request came to: answered now (value, and a descriptor page for
// socket and accept), or to be run again later.
struct Outcome {
    bool wait;
    int32_t value;
    Fd* page;
};
constexpr Outcome
now(int32_t value, Fd* page = nullptr)
{
    return Outcome{false, value, page};
}
constexpr Outcome later{true, 0, nullptr};

// net/ns_sockets.cpp
// The Error (as an int) a client gets for an lwIP error.
int32_t ns_error_of(err_t err);
// Gives the socket its descriptor page, which ns keeps mapped (inc/nsipc.h).
int ns_hand_out(Socket& s);
// Ends the connection, answers a waiting request with an error, frees the socket.
void ns_close_socket(Socket& s);
// lwIP's callbacks for a listener's new connections and a finished connect.
err_t ns_on_accept(void* arg, tcp_pcb* pcb, err_t err);
err_t ns_on_connected(void* arg, tcp_pcb* pcb, err_t err);

// net/ns_datagrams.cpp: UDP sockets.
// Makes s a datagram socket. Errors: no_mem.
int ns_open_datagrams(Socket& s);
// Runs request `type` on datagram socket s (as ns_run_request).
Outcome ns_run_datagram_request(Socket& s, uint32_t type, Nsipc* req);
// Frees s's pcb and the datagrams nobody read.
void ns_close_datagrams(Socket& s);

// net/ns_requests.cpp: runs request `type` (an NsRequest but socket) on s; req is its page.
Outcome ns_run_request(Socket& s, uint32_t type, Nsipc* req);
