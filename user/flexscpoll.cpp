// The polling syscall core: a syscall thread pinned to CPU 1 serves this
// program's calls as they appear, so 1000 pipelined calls (64 in flight)
// take no kernel entry at all here. Then the thread idles, sleeps, and one
// flexsc_wait wakes it. Needs 2 or more CPUs. "flexscpoll fault" faults
// while the thread polls: the kernel must end both cleanly.

#include "bench.h" // pipelined_getenvid

static constexpr int CALLS = 1000;

static KStats
snapshot()
{
    KStats s;
    int r = flex_kstats(&s); // through the poller: no kernel entry either
    if (r < 0)
        panic("flex_kstats: %e", r);
    return s;
}

void
umain(int argc, char** argv)
{
    cprintf("flexscpoll: polling on CPU 99: %e\n", flexsc_register_polling(99));
    cprintf("flexscpoll: polling on the boot CPU: %e\n", flexsc_register_polling(0));
    int r = flexsc_register_polling(1);
    if (r < 0) {
        cprintf("flexscpoll: polling on CPU 1: %e\n", r);
        return;
    }
    cprintf("flexscpoll: polling thread on CPU 1\n");
    pipelined_getenvid(10); // warm up
    if (argc > 1 && strcmp(argv[1], "fault") == 0) {
        cprintf("flexscpoll: faulting while the thread polls\n");
        *static_cast<volatile int*>(nullptr) = 1;
    }

    KStats before = snapshot();
    int right = pipelined_getenvid(CALLS);
    KStats after = snapshot();
    cprintf("flexscpoll: %d calls pipelined, %d right; %u kernel entries for system calls, "
            "%u wake-up(s)\n", CALLS, right, kstats_syscall_entries(after) - kstats_syscall_entries(before),
            after.flexsc_wakeups - before.flexsc_wakeups);

    // Idle until the thread gives up its CPU (it says so in the page).
    volatile SyscallPage* page = reinterpret_cast<volatile SyscallPage*>(FLEXSC_DEFAULT_VA);
    while (poller_state(*page) == PollerState::awake)
        sys_yield();
    KStats asleep;
    sys_kstats(&asleep);
    envid_t id = flex_getenvid(); // finds the thread asleep: one flexsc_wait wakes it
    KStats woken;
    sys_kstats(&woken);
    cprintf("flexscpoll: the thread slept; a call woke it (%u wake-up), result %s\n",
            woken.flexsc_wakeups - asleep.flexsc_wakeups, id == thisenv->env_id ? "right" : "wrong");
    cprintf("flexscpoll: done\n");
}
