// The polling syscall core: a syscall thread pinned to CPU 1 serves this
// program's calls as they appear, so 1000 pipelined calls (64 in flight)
// take no kernel entry at all here. Then the thread idles, sleeps, and one
// flexsc_wait wakes it. Needs 2 or more CPUs. "flexscpoll fault" faults
// while the thread polls: the kernel must end both cleanly.

#include "bench.h" // pipelined_getenvid, kstats_now

static constexpr int CALLS = 1000;

// Writes address 0, which is never mapped. Not checked by make SANITIZE=1 for
// null pointers: the fault is the point.
[[gnu::no_sanitize("null"), gnu::noinline]] static void
write_address_zero()
{
    volatile uintptr_t address = 0; // volatile: the compiler must not see a null pointer
    *reinterpret_cast<volatile int*>(address) = 1;
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
        write_address_zero();
    }

    KStats before = kstats_now();
    uint32_t wake_waits_before = flexsc_poller_wake_waits();
    int right = pipelined_getenvid(CALLS);
    uint32_t wake_waits = flexsc_poller_wake_waits() - wake_waits_before;
    KStats after = kstats_now();
    // Less the second snapshot's own entry.
    uint32_t entries = kstats_syscall_entries(after) - kstats_syscall_entries(before) - 1;
    cprintf("flexscpoll: %d calls pipelined, %d right; %u kernel entries for system calls, "
            "%u to wake the thread; it said it slept %u time(s)\n",
            CALLS, right, entries, wake_waits,
            after.flexsc_poller_sleeps - before.flexsc_poller_sleeps);

    // Idle until the thread gives up its CPU (it says so in the page).
    volatile SyscallPage* page = reinterpret_cast<volatile SyscallPage*>(FLEXSC_DEFAULT_VA);
    while (poller_state(*page) == PollerState::awake)
        sys_yield();
    KStats asleep = kstats_now();
    envid_t id =
        flexsc_call(Syscall::getenvid); // finds the thread asleep: one flexsc_wait wakes it
    KStats woken = kstats_now();
    cprintf("flexscpoll: the thread slept; a call woke it (%u wake-up), result %s\n",
            woken.flexsc_wakeups - asleep.flexsc_wakeups,
            id == thisenv->env_id ? "right" : "wrong");
    cprintf("flexscpoll: done\n");
}
