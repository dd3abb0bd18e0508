// Senders whose receiver is busy wait for it (kern/ipc_send_wait.h): three
// children send to a fourth that computes for 100 ms before it receives. JOS's
// ipc_send retries with a yield between tries; yielding to each other, the
// senders would try thousands of times in those 100 ms. Parked until the
// receiver receives (or the next tick), they try a few times a tick.

#include <inc/kstats.h>
#include <inc/lib.h>

static constexpr int SENDERS = 3;

static uint32_t
sends_so_far()
{
    KStats stats;
    if (int r = sys_kstats(&stats); r < 0)
        panic("sys_kstats: %e", r);
    return stats.syscalls[static_cast<uint32_t>(Syscall::ipc_try_send)];
}

static envid_t
fork_or_panic()
{
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    return child;
}

void
umain(int, char**)
{
    uint32_t sends = sends_so_far();
    envid_t receiver = fork_or_panic();
    if (receiver == 0) {
        // Busy, and runnable all along: no system call but the clock's.
        uint32_t until = sys_time_msec() + 100;
        while (sys_time_msec() < until)
            continue;
        int32_t sum = 0;
        for (int i = 0; i < SENDERS; i++)
            sum += ipc_recv(nullptr, nullptr, nullptr);
        cprintf("ipcsendwait: received %d\n", sum);
        return;
    }
    envid_t senders[SENDERS];
    for (int i = 0; i < SENDERS; i++) {
        senders[i] = fork_or_panic();
        if (senders[i] == 0) {
            ipc_send(receiver, i + 1, nullptr, 0);
            return;
        }
    }
    for (envid_t s : senders)
        wait(s);
    wait(receiver);
    cprintf("ipcsendwait: %d messages took %u tries\n", SENDERS, sends_so_far() - sends);
}
