// sys_sleep_until: a sleep that lets the machine idle (a few system calls, not
// a yield loop), a time already past, and sleepers that are destroyed or woken
// from outside (the clock must then leave them alone). One line per check,
// "sleepuntil: done" at the end.

#include <inc/kstats.h>
#include <inc/lib.h>

static uint32_t
system_calls_so_far()
{
    KStats stats;
    if (int r = sys_kstats(&stats); r < 0)
        panic("sys_kstats: %e", r);
    uint32_t total = 0;
    for (uint32_t n : stats.syscalls)
        total += n;
    return total;
}

// Forks a child that sleeps until `until` and reports waking as `name` (and
// then, if told, waits in ipc_recv and reports what it got).
static envid_t
sleeper(const char* name, uint32_t until, bool then_receive = false)
{
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        sys_sleep_until(until);
        cprintf("sleepuntil: %s woke\n", name);
        if (then_receive) {
            envid_t from;
            int32_t value = ipc_recv(&from, nullptr, nullptr);
            cprintf("sleepuntil: %s received %d\n", name, value);
        }
        exit();
    }
    return child;
}

void
umain(int, char**)
{
    uint32_t start = sys_time_msec();
    uint32_t calls = system_calls_so_far();
    int r = sys_sleep_until(start + 200);
    uint32_t slept = sys_time_msec() - start;
    // The sleep, and the kstats call that counts (a yield loop: thousands).
    uint32_t during = system_calls_so_far() - calls;
    cprintf("sleepuntil: slept %s 200 ms (%d) in %s\n", slept >= 200 ? "at least" : "less than", r,
            during <= 3 ? "a few system calls" : "a loop of system calls");

    start = sys_time_msec();
    r = sys_sleep_until(start - 10);
    cprintf("sleepuntil: a time already past: %d, %s\n", r,
            sys_time_msec() - start <= 10 ? "at once" : "after a wait");

    envid_t doomed = sleeper("a destroyed sleeper", sys_time_msec() + 100);
    wait_until_blocked(doomed);
    cprintf("sleepuntil: destroy a sleeper: %d\n", sys_env_destroy(doomed));

    // Woken from outside, then waiting for a message: its time passing must not wake it.
    uint32_t due = sys_time_msec() + 100;
    envid_t stale = sleeper("the stale sleeper", due, true);
    wait_until_blocked(stale);
    cprintf("sleepuntil: wake it from outside: %d\n", sys_env_set_status(stale, ENV_RUNNABLE));
    wait_until_blocked(stale); // now in ipc_recv
    sys_sleep_until(due + 100);
    ipc_send(stale, 7, nullptr, 0);
    wait(stale);
    cprintf("sleepuntil: done\n");
}
