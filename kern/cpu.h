// Per-CPU state, one CpuInfo for each CPU the firmware lists (kern/mpconfig.cpp).
#pragma once

#include <kern/kernel.h>
#include <kern/gdt.h>
#include <inc/env.h>
#include <inc/kstats.h>

#define NCPU 8

// CPU_HALTED: idle in sched_halt, or woken and not yet holding the kernel
// lock again (trap() sets CPU_STARTED once it does; tlb_shootdown relies on it).
enum CpuStatus : uint32_t { CPU_UNUSED = 0, CPU_STARTED, CPU_HALTED };

struct alignas(64) CpuInfo { // a cache line apiece: no false sharing between CPUs
    uint8_t cpu_id;          // index into cpus[]
    uint8_t cpu_apicid;      // its local APIC id
    volatile uint32_t cpu_status;
    Env* cpu_env;                          // the environment running here, or nullptr
    volatile uint32_t cpu_tlb_flush_asked; // another CPU waits for this one to flush its TLB
    uint32_t cpu_tlb_generation;           // page_table_generation when this CPU last loaded CR3
    uint32_t cpu_pgdir_pa;                 // the page directory in this CPU's CR3 (for shootdowns)
    Env* cpu_poller;                       // the polling FlexSC thread pinned here, or nullptr
    TaskState cpu_ts;                      // where this CPU's traps find their kernel stack
    KStats cpu_stats;                      // counters (kern/kstats.h)
};

extern CpuInfo cpus[NCPU];
// Each CPU's kernel stack, mapped at kstacktop(i) - KSTKSIZE.
extern uint8_t percpu_kstacks[NCPU][KSTKSIZE];
extern int ncpu; // CPUs found
extern CpuInfo* bootcpu;

// This CPU's index in cpus[] (0 until the LAPIC is mapped). Inline, because
// every thiscpu and curenv asks: once a CPU has loaded its own task state
// segment (kern/gdt.cpp), its task register names it, one instruction away;
// before that, the local APIC is asked (a device access, slow under emulation:
// inc/hot_path.h).
int cpunum_from_lapic();

inline int
cpunum()
{
    uint32_t tr = 0;
    asm volatile("str %w0" : "+r"(tr));
    if (__builtin_expect(tr >= GD_TSS0, 1))
        return static_cast<int>((tr - GD_TSS0) >> 3);
    return cpunum_from_lapic();
}
#define thiscpu (&cpus[cpunum()])
#define curenv (thiscpu->cpu_env)

// The top of CPU i's kernel stack; each stack has an unmapped guard gap below it.
constexpr uintptr_t
kstacktop(int cpu)
{
    return KSTACKTOP - cpu * (KSTKSIZE + KSTKGAP);
}
