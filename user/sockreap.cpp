// Sockets left open by environments that exit are reclaimed by the network
// server (it closes a socket whose descriptor page only it still maps): eight
// children each open eight sockets and exit without closing them, twice as
// many sockets as ns holds at once; every socket call must still succeed.

#include <inc/lib.h>
#include <inc/socket.h>

constexpr int CHILDREN = 8;
constexpr int SOCKETS_EACH = 8;

// socket(), allowing ns a moment (its reaping runs on its timer) when full.
static int
open_socket()
{
    int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    for (uint32_t start = sys_time_msec();
         fd == to_int(Error::no_mem) && sys_time_msec() - start < 2000;) {
        sys_yield();
        fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    }
    return fd;
}

void
umain(int, char**)
{
    binaryname = "sockreap";
    for (int c = 0; c < CHILDREN; c++) {
        envid_t child = fork();
        if (child < 0)
            panic("sockreap: fork: %e", child);
        if (child == 0) {
            for (int i = 0; i < SOCKETS_EACH; i++) {
                int fd = open_socket();
                if (fd < 0)
                    panic("sockreap: child %d, socket %d: %e", c, i, fd);
            }
            exit(); // without closing any
        }
        wait(child);
    }
    int fd = open_socket();
    if (fd < 0)
        panic("sockreap: after the children: %e", fd);
    cprintf("sockreap: %d sockets left open by %d children were reclaimed\n",
            CHILDREN * SOCKETS_EACH, CHILDREN);
}
