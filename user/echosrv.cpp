// A TCP echo server on port 7 (lab 6): sends back whatever a client sends
// until the client closes, one client after another. Prints "bound" once it
// listens, when a client may connect. `echosrv N` exits after N clients (and
// with it the network session: doc/net.md); without N it serves forever.

#include <inc/lib.h>
#include <inc/socket.h>

constexpr uint16_t ECHO_PORT = 7;

static void
echo_until_closed(int client)
{
    char buf[512];
    ssize_t n;
    while ((n = read(client, buf, sizeof buf)) > 0) {
        if (write(client, buf, n) != n) {
            cprintf("echosrv: write failed\n");
            break;
        }
    }
    close(client);
}

void
umain(int argc, char** argv)
{
    binaryname = "echosrv";
    long clients_left = argc > 1 ? strtol(argv[1], nullptr, 10) : -1;
    int server = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (server < 0)
        panic("echosrv: socket: %e", server);
    SockAddrIn addr = sockaddr_in(INADDR_ANY, ECHO_PORT);
    int r = bind(server, &addr);
    if (r < 0)
        panic("echosrv: bind: %e", r);
    if ((r = listen(server, 5)) < 0)
        panic("echosrv: listen: %e", r);
    cprintf("bound\n");
    for (; clients_left != 0; clients_left--) {
        SockAddrIn peer;
        int client = accept(server, &peer);
        if (client < 0)
            panic("echosrv: accept: %e", client);
        echo_until_closed(client);
    }
    close(server);
}
