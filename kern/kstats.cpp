// Adding up the per-CPU counters, and the monitor's kstats command.

#include <kern/kstats.h>
#include <kern/monitor.h>
#include <kern/syscall.h>
#include <kern/trap.h>
#include <inc/stdio.h>
#include <inc/string.h>

KStats
kstats_total()
{
    KStats total;
    memset(&total, 0, sizeof(total));
    constexpr size_t words = sizeof(KStats) / sizeof(uint32_t);
    for (int c = 0; c < ncpu; c++) {
        auto* src = reinterpret_cast<const uint32_t*>(&cpus[c].cpu_stats);
        auto* dst = reinterpret_cast<uint32_t*>(&total);
        for (size_t i = 0; i < words; i++)
            dst[i] += src[i];
    }
    return total;
}

// kstats: the nonzero counters, summed over CPUs.
int
mon_kstats(int, char**, Trapframe*)
{
    KStats s = kstats_total();
    cprintf("Kernel statistics (all CPUs):\n");
    for (int v = 0; v < KSTATS_VECTORS; v++) {
        if (s.traps[v] != 0)
            cprintf("  trap %2d %-22s %u\n", v, trapname(v), s.traps[v]);
    }
    for (int n = 0; n < KSTATS_SYSCALLS; n++) {
        if (s.syscalls[n] != 0) {
            cprintf("  syscall %-19s %u\n", syscall_name(n), s.syscalls[n]);
        }
    }
    for (uint32_t p = 0; p < static_cast<uint32_t>(SyscallPath::count); p++)
        cprintf("  syscalls by %-15s %u\n", syscall_path_name(p), s.syscall_paths[p]);
    cprintf("  env switches                 %u\n", s.env_switches);
    cprintf("  page directory loads         %u\n", s.pgdir_loads);
    cprintf("  flexsc entries served        %u\n", s.flexsc_entries);
    cprintf("  flexsc batches               %u\n", s.flexsc_batches);
    cprintf("  flexsc thread wake-ups       %u\n", s.flexsc_wakeups);
    cprintf("  flexsc poller sleeps         %u\n", s.flexsc_poller_sleeps);
    cprintf("  flexsc entries polled        %u\n", s.flexsc_polled);
    cprintf("  flexsc thread switches       %u\n", s.flexsc_thread_switches);
    cprintf("  IPC deliveries               %u\n", s.ipc_deliveries);
    cprintf("  TLB shootdowns               %u\n", s.tlb_shootdowns);
    return 0;
}

// Copies the counters, summed over CPUs, to dst in the caller. Errors: fault.
Error
sys_kstats(const SyscallContext& ctx, UserPtr<KStats> dst)
{
    Result<KStats*> out = dst.check(ctx, 1);
    if (!out.ok())
        return out.error();
    *out.value() = kstats_total();
    return Error::ok;
}
