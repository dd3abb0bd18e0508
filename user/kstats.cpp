// kstats CMD [ARG...]: runs CMD (from the file system) and prints what it cost
// the kernel: the kernel statistics counters (inc/kstats.h) after minus before,
// over all CPUs. Everything that ran meanwhile counts, not only CMD.

#include <inc/lib.h>

static void
print_delta(const KStats& before, const KStats& after)
{
    cprintf("kstats: traps by vector:\n");
    for (int v = 0; v < KSTATS_VECTORS; v++) {
        if (after.traps[v] != before.traps[v])
            cprintf("  vector %2d %10u\n", v, after.traps[v] - before.traps[v]);
    }
    cprintf("kstats: system calls by number:\n");
    for (uint32_t n = 0; n < KSTATS_SYSCALLS; n++) {
        if (after.syscalls[n] != before.syscalls[n])
            cprintf("  %-24s %10u\n", syscall_name(n), after.syscalls[n] - before.syscalls[n]);
    }
    cprintf("kstats: system calls by path:\n");
    for (uint32_t p = 0; p < static_cast<uint32_t>(SyscallPath::count); p++)
        cprintf("  %-24s %10u\n", syscall_path_name(p),
                after.syscall_paths[p] - before.syscall_paths[p]);
    cprintf("kstats: kernel entries for system calls %u\n",
            kstats_syscall_entries(after) - kstats_syscall_entries(before));
    cprintf(
        "kstats: flexsc entries %u (%u by a polling thread), batches %u, wake-ups %u, poller "
        "sleeps %u\n",
        after.flexsc_entries - before.flexsc_entries, after.flexsc_polled - before.flexsc_polled,
        after.flexsc_batches - before.flexsc_batches, after.flexsc_wakeups - before.flexsc_wakeups,
        after.flexsc_poller_sleeps - before.flexsc_poller_sleeps);
    cprintf("kstats: env switches %u, page directory loads %u, TLB shootdowns %u\n",
            after.env_switches - before.env_switches, after.pgdir_loads - before.pgdir_loads,
            after.tlb_shootdowns - before.tlb_shootdowns);
}

void
umain(int argc, char** argv)
{
    if (argc < 2) {
        cprintf("usage: kstats CMD [ARG...]\n");
        return;
    }
    KStats before, after;
    sys_kstats(&before);
    envid_t child = spawn(argv[1], const_cast<const char**>(argv + 1));
    if (child < 0) {
        cprintf("kstats: cannot run %s: %e\n", argv[1], child);
        return;
    }
    wait(child);
    sys_kstats(&after);
    cprintf("kstats: %s finished\n", argv[1]);
    print_delta(before, after);
}
