// TLB shootdown by wake-up interrupt (see kern/tlb_shootdown.h).

#include <kern/cpu.h>
#include <kern/lapic.h>
#include <kern/tlb_shootdown.h>
#include <inc/assert.h>
#include <inc/x86.h>

volatile uint32_t page_table_generation;

void
tlb_shootdown(int cpu)
{
    if (cpu == cpunum() || cpu < 0 || cpu >= ncpu)
        return;
    thiscpu->cpu_stats.tlb_shootdowns++;
    __atomic_store_n(&cpus[cpu].cpu_tlb_flush_asked, 1, __ATOMIC_RELEASE);
    // NOTE: an idle CPU (sched_halt; CPU_HALTED until trap() has taken the
    // kernel lock after it wakes) uses no translation until it holds the lock
    // again, which this CPU holds, and trap() makes it flush first thing after
    // taking it. It need not be woken or waited for: waiting cost a host
    // scheduling delay per idle CPU (on 8 emulated CPUs and 2 host cores, 68
    // shootdowns took 2 s while the woken idle CPUs spun on the lock). The
    // lock's release publishes the request before that CPU can take it.
    if (__atomic_load_n(&cpus[cpu].cpu_status, __ATOMIC_ACQUIRE) == CPU_HALTED)
        return;
    lapic_send_wakeup(cpus[cpu].cpu_apicid);
    while (__atomic_load_n(&cpus[cpu].cpu_tlb_flush_asked, __ATOMIC_ACQUIRE)) {
        tlb_flush_if_asked(); // (another CPU might be asking this one meanwhile)
        // A spin-wait hint, and more: under QEMU's one-thread emulation of
        // all CPUs (-icount), it hands over to the CPU that must flush.
        pause();
    }
}

void
tlb_shootdown_users_of(PhysAddr pgdir)
{
    // After a panic the other CPUs are halted with interrupts off and would
    // never answer; the monitor is all that runs.
    if (kernel_panicked())
        return;
    for (int cpu = 0; cpu < ncpu; cpu++) {
        if (cpus[cpu].cpu_pgdir_pa == pgdir.raw())
            tlb_shootdown(cpu); // (skips this CPU)
    }
}
