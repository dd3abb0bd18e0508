// Starting the application processors, and their first C++ code.

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/gdt.h>
#include <kern/lapic.h>
#include <kern/mp.h>
#include <kern/pmap.h>
#include <kern/trap.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/tlb_shootdown.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/x86.h>

extern "C" {
extern const uint8_t mpentry_start[], mpentry_end[];
// The stack the next AP starts on (read by kern/mpentry.S).
void* volatile mpentry_kstack;
[[noreturn]] void mp_main();
}

// Set once boot_aps has seen every AP say CPU_STARTED: until then an AP keeps
// that status (boot_aps waits for it), and only then goes idle as CPU_HALTED.
static bool every_ap_started;

void
boot_aps()
{
    void* code = kaddr(PhysAddr(MPENTRY_PADDR));
    memmove(code, mpentry_start, mpentry_end - mpentry_start);

    for (int i = 0; i < ncpu; i++) {
        CpuInfo* c = &cpus[i];
        if (c == bootcpu)
            continue;
        // LAB 4: BEGIN SOLUTION
        // HINT: give the AP its kernel stack (mpentry_kstack), send it INIT/STARTUP at
        //       MPENTRY_PADDR (lapic_startap), and wait until it says CPU_STARTED. Exercise 2,
        //       doc/labs/lab4.md.
        mpentry_kstack = percpu_kstacks[i] + KSTKSIZE;
        lapic_startap(c->cpu_apicid, MPENTRY_PADDR);
        // One at a time: the next AP needs mpentry_kstack for itself.
        while (c->cpu_status != CPU_STARTED)
            pause();
        // LAB 4: STUB
        // NOT_IMPLEMENTED(4, c);
        // LAB 4: END SOLUTION
    }
    __atomic_store_n(&every_ap_started, true, __ATOMIC_RELEASE);
}

void
mp_main()
{
    // The boot page directory served only to get here.
    load_pgdir(paddr(kern_pgdir));
    cprintf("SMP: CPU %d starting\n", cpunum());

    lapic_init();
    gdt_init();
    trap_init_percpu();
    __atomic_store_n(&thiscpu->cpu_status, CPU_STARTED, __ATOMIC_RELEASE);

    // Idle until the first interrupt (the timer's tick, or a wake-up when an
    // environment becomes runnable), which takes the kernel lock in trap() and
    // schedules. Waiting for the lock here would spin until the boot CPU
    // first lets go of it, for ever if that CPU stays in its monitor.
    while (!__atomic_load_n(&every_ap_started, __ATOMIC_ACQUIRE)) {
        tlb_flush_if_asked();
        pause();
    }
    sched_idle();
}
