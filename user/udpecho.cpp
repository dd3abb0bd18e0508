// A UDP echo server on port 7 (lab 6, SOCK_DGRAM): sends each datagram back
// to its sender. Prints "bound" once it listens. `udpecho N` exits after N
// datagrams (and with it the network session: doc/net.md).

#include <inc/lib.h>
#include <inc/nsipc.h>
#include <inc/socket.h>

constexpr uint16_t ECHO_PORT = 7;

void
umain(int argc, char** argv)
{
    binaryname = "udpecho";
    long datagrams_left = argc > 1 ? strtol(argv[1], nullptr, 10) : -1;
    int server = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (server < 0)
        panic("udpecho: socket: %e", server);
    SockAddrIn addr = sockaddr_in(INADDR_ANY, ECHO_PORT);
    int r = bind(server, &addr);
    if (r < 0)
        panic("udpecho: bind: %e", r);
    cprintf("bound\n");
    static uint8_t buf[NSIPC_MAX_DATAGRAM];
    for (; datagrams_left != 0; datagrams_left--) {
        SockAddrIn peer;
        ssize_t n = recvfrom(server, buf, sizeof buf, &peer);
        if (n < 0)
            panic("udpecho: recvfrom: %e", static_cast<int>(n));
        cprintf("udpecho: %d bytes from port %d\n", static_cast<int>(n), ntohs(peer.sin_port));
        if ((n = sendto(server, buf, n, &peer)) < 0)
            cprintf("udpecho: sendto: %e\n", static_cast<int>(n));
    }
    close(server);
}
