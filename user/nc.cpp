// nc ADDRESS PORT [MESSAGE...]: a TCP client. Connects, sends the message (the
// words joined by spaces and a newline) or else standard input to its end,
// closes its sending side and prints all the server sends back until it
// closes. The host is 10.0.2.2 on QEMU's user network.

#include <inc/lib.h>
#include <inc/socket.h>

// Output goes to standard output, or the console if there is none (a program
// the kernel starts has no descriptors).
static void
print(const char* data, size_t n)
{
    if (write(1, data, n) != static_cast<ssize_t>(n))
        sys_cputs(data, n);
}

static bool
send_message(int sock, int argc, char** argv)
{
    for (int i = 3; i < argc; i++) {
        const char* separator = i + 1 < argc ? " " : "\n";
        if (send(sock, argv[i], strlen(argv[i])) < 0 || send(sock, separator, 1) < 0)
            return false;
    }
    return true;
}

static bool
send_input(int sock)
{
    char buf[512];
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) {
        if (send(sock, buf, static_cast<size_t>(n)) != n)
            return false;
    }
    return true;
}

void
umain(int argc, char** argv)
{
    binaryname = "nc";
    uint32_t addr;
    long port = argc >= 3 ? strtol(argv[2], nullptr, 10) : 0;
    if (argc < 3 || !inet_aton(argv[1], &addr) || port <= 0 || port > 65535) {
        cprintf("usage: nc ADDRESS PORT [MESSAGE...]\n");
        exit();
    }
    int sock = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (sock < 0) {
        cprintf("nc: socket: %e\n", sock);
        exit();
    }
    SockAddrIn server = sockaddr_in(ntohl(addr), static_cast<uint16_t>(port));
    int r = connect(sock, &server);
    if (r < 0) {
        cprintf("nc: connect to %s:%ld: %e\n", argv[1], port, r);
        exit();
    }
    bool sent = argc > 3 ? send_message(sock, argc, argv) : send_input(sock);
    if (!sent)
        cprintf("nc: send failed\n");
    shutdown(sock, SHUT_WR);
    char buf[512];
    ssize_t n;
    while ((n = recv(sock, buf, sizeof buf)) > 0)
        print(buf, static_cast<size_t>(n));
    if (n < 0)
        cprintf("nc: recv: %e\n", n);
    close(sock);
}
