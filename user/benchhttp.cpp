// httpd under a host load generator, for make bench (grade/httpload.py,
// doc/bench.md "Servers"). Spawns /httpd and serves a control port on TCP 7
// (the echo port's forward): each line the host sends there makes this
// program print the kernel's counters and answer "ok", so the host brackets
// its load with two readings without any spinning in the guest:
//     BENCHK tsc=<guest TSC> entries=... ipcs=... envsw=... threadsw=... polled=... ticks=...
// In a +flexsc=always boot httpd (spawned) runs in transparent FlexSC mode too.

#include "bench.h"
#include <inc/socket.h>

constexpr uint16_t CONTROL_PORT = 7;

static void
print_counters()
{
    uint64_t tsc = read_tsc();
    KStats s = kstats_by_trap();
    cprintf("BENCHK tsc=%llu entries=%u ipcs=%u envsw=%u threadsw=%u polled=%u ticks=%u\n", tsc,
            kstats_syscall_entries(s), s.ipc_deliveries, s.env_switches, s.flexsc_thread_switches,
            s.flexsc_polled, s.traps[IRQ_OFFSET + IRQ_TIMER]);
}

static void
serve_control(int client)
{
    char c;
    while (read(client, &c, 1) == 1) {
        if (c != '\n')
            continue;
        print_counters();
        if (write(client, "ok\n", 3) != 3)
            break;
    }
    close(client);
}

void
umain(int, char**)
{
    binaryname = "benchhttp";
    envid_t httpd = spawnl("/httpd", "httpd", static_cast<const char*>(nullptr));
    if (httpd < 0)
        panic("benchhttp: spawn /httpd: %e", httpd);
    int server = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (server < 0)
        panic("benchhttp: socket: %e", server);
    SockAddrIn addr = sockaddr_in(INADDR_ANY, CONTROL_PORT);
    int r;
    if ((r = bind(server, &addr)) < 0 || (r = listen(server, 2)) < 0)
        panic("benchhttp: bind or listen: %e", r);
    cprintf("benchhttp: control port ready\n");
    for (;;) {
        int client = accept(server, nullptr);
        if (client < 0)
            panic("benchhttp: accept: %e", client);
        serve_control(client);
    }
}
