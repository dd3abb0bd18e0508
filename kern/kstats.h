// Counting kernel events per CPU (the KStats layout is in inc/kstats.h). Each
// CPU writes only its own counters, so no lock is needed.
#pragma once

#include <kern/cpu.h>

inline void
kstats_count_trap(uint32_t trapno)
{
    thiscpu->cpu_stats.traps[min(trapno, static_cast<uint32_t>(KSTATS_VECTORS - 1))]++;
}

inline void
kstats_count_syscall(uint32_t number, SyscallPath path)
{
    KStats& s = thiscpu->cpu_stats;
    s.syscalls[min(number, static_cast<uint32_t>(KSTATS_SYSCALLS - 1))]++;
    s.syscall_paths[static_cast<uint32_t>(path)]++;
}

inline void
kstats_count_env_switch()
{
    thiscpu->cpu_stats.env_switches++;
}

inline void
kstats_count_pgdir_load()
{
    thiscpu->cpu_stats.pgdir_loads++;
}

// The sum of every CPU's counters.
KStats kstats_total();
