// Sockets (lib/sockets.cpp): TCP connections and UDP datagrams through the network server ns
// (net/, doc/net.md). A socket is a file descriptor, so read, write, close and
// dup work on it, and fork and spawn share it. Addresses and ports are in
// network byte order inside SockAddrIn, as in POSIX's sockaddr_in.
#pragma once

#include <inc/types.h>

#define AF_INET 2
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define INADDR_ANY 0u

// shutdown's `how`.
#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

struct SockAddrIn {
    uint16_t sin_family; // AF_INET
    uint16_t sin_port;   // network byte order
    uint32_t sin_addr;   // network byte order
    uint8_t sin_zero[8];
};
static_assert(sizeof(SockAddrIn) == 16);

constexpr uint16_t
htons(uint16_t x)
{
    return static_cast<uint16_t>((x << 8) | (x >> 8));
}
constexpr uint16_t
ntohs(uint16_t x)
{
    return htons(x);
}
constexpr uint32_t
htonl(uint32_t x)
{
    return (x << 24) | ((x & 0xff00) << 8) | ((x >> 8) & 0xff00) | (x >> 24);
}
constexpr uint32_t
ntohl(uint32_t x)
{
    return htonl(x);
}

// Parses a dotted quad ("10.0.2.2") into *addr (network order). Returns false
// if s is not four numbers 0..255 separated by dots.
bool inet_aton(const char* s, uint32_t* addr);
// A SockAddrIn for host-order address and port.
SockAddrIn sockaddr_in(uint32_t addr, uint16_t port);

// Each returns a descriptor number or 0, or a negative Error: not_supp (no
// network server in this system, or not AF_INET/SOCK_STREAM or SOCK_DGRAM), inval (not a
// socket, a bad address, the wrong state), no_mem (ns has no room),
// max_open, unspecified (the connection was refused or reset).
int socket(int domain, int type, int protocol);
int bind(int fd, const SockAddrIn* addr);
int listen(int fd, int backlog);
// Waits for a connection; stores the peer's address if addr is not null.
int accept(int fd, SockAddrIn* addr);
// Waits until connected.
int connect(int fd, const SockAddrIn* addr);
// Waits until all n bytes are queued; returns n.
ssize_t send(int fd, const void* buf, size_t n);
// Waits until some data or the peer's end of stream; returns the bytes read (0: end).
ssize_t recv(int fd, void* buf, size_t n);
int shutdown(int fd, int how);

// UDP (SOCK_DGRAM): bind, then sendto and recvfrom; connect sets the address
// send (write) goes to, and recv (read) takes any datagram. A datagram is at
// most NSIPC_MAX_DATAGRAM bytes (inc/nsipc.h).
// Sends one datagram of n bytes to `to`; returns n. Errors: inval (too long,
// or not a datagram socket), no_mem.
ssize_t sendto(int fd, const void* buf, size_t n, const SockAddrIn* to);
// Waits for one datagram; copies up to n bytes of it (the rest is dropped, as
// POSIX does), stores the sender's address if from is not null, and returns
// the bytes copied.
ssize_t recvfrom(int fd, void* buf, size_t n, SockAddrIn* from);
