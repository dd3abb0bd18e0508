// The concurrent prime sieve: a chain of environments, one per prime found,
// each passing on by IPC the numbers its prime does not divide.

#include <inc/lib.h>

[[noreturn]] static void
primeproc()
{
    for (;;) {
        envid_t from;
        uint32_t p = ipc_recv(&from, nullptr, nullptr);
        cprintf("CPU %d: %d ", thisenv->env_cpunum, p);

        envid_t next = fork();
        if (next < 0)
            panic("fork: %e", next);
        if (next == 0)
            continue; // the child becomes the filter for the next prime
        for (;;) {
            uint32_t i = ipc_recv(&from, nullptr, nullptr);
            if (i % p != 0)
                ipc_send(next, i, nullptr, 0);
        }
    }
}

void
umain(int, char**)
{
    envid_t first = fork();
    if (first < 0)
        panic("fork: %e", first);
    if (first == 0)
        primeproc();
    for (uint32_t i = 2;; i++)
        ipc_send(first, i, nullptr, 0);
}
