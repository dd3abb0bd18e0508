// Round-robin scheduling.

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/e1000_wait.h>
#include <kern/flexsc.h>
#include <kern/ipc_send_wait.h>
#include <kern/lapic.h>
#include <kern/monitor.h>
#include <kern/pmap.h>
#include <kern/sleep.h>
#include <kern/spinlock.h>
#include <kern/tlb_shootdown.h>
#include <inc/x86.h>
#include <kern/sched.h>
#include <inc/stdio.h>

KERNEL_HOT void
sched_run(Env* e)
{
    if (e->env_type == ENV_TYPE_FLEXSC)
        flexsc_thread_run(e);
    env_run(e);
}

KERNEL_HOT void
sched_yield()
{
    // A polling FlexSC thread pinned here goes first.
    if (Env* poller = flexsc_poller_ready_here())
        sched_run(poller);

    Env* next = next_runnable_here();
    if (next != nullptr)
        sched_run(next);
    if (curenv != nullptr && curenv->env_status == ENV_RUNNING)
        sched_run(curenv);
    sched_halt();
}

// The next environment after the current one that this CPU may run, or nullptr.
Env*
next_runnable_here()
{
    // LAB 4: BEGIN SOLUTION
    // HINT: round robin: the first runnable environment after curenv (wrapping around) that
    //       may run on this CPU and is not running on another, or nullptr if there is none
    //       (sched_yield then keeps curenv if it still runs here). Exercise 6, doc/labs/lab4.md.
    int start = curenv != nullptr ? static_cast<int>(ENVX(curenv->env_id)) + 1 : 0;
    for (int i = 0; i < NENV; i++) {
        Env* e = &envs[(start + i) % NENV];
        // (Runnable but still on another CPU: its status was changed while it ran.)
        if (e->env_status == ENV_RUNNABLE &&
            (e->env_pinned_cpu < 0 || e->env_pinned_cpu == cpunum()) && !env_on_other_cpu(e))
            return e;
    }
    return nullptr;
    // LAB 4: STUB
    // // Until then, as in lab 3: only the first environment runs.
    // for (int i = 1; i < NENV; i++) {
    //     if (envs[i].env_status == ENV_RUNNABLE)
    //         NOT_IMPLEMENTED(4);
    // }
    // return envs[0].env_status == ENV_RUNNABLE ? &envs[0] : nullptr;
    // LAB 4: END SOLUTION
}

void
sched_yield_for_user()
{
    if (ncpu == 1 || curenv == nullptr || curenv->env_status != ENV_RUNNING ||
        flexsc_poller_ready_here())
        sched_yield();
    Env* next = next_runnable_here();
    if (next != nullptr)
        sched_run(next);
    // Nothing else may run here: idle, and leave the caller to whichever CPU wakes first.
    curenv->env_status = ENV_RUNNABLE;
    sched_halt();
}

// Whether some environment can still run (or is running, or is being
// destroyed, or is another CPU's current one whatever its status says: one
// stopped in the monitor of a user trap, which lends out the kernel lock).
static bool
any_env_can_run()
{
    for (int i = 0; i < NENV; i++) {
        EnvStatus s = envs[i].env_status;
        if (s == ENV_RUNNABLE || s == ENV_RUNNING || s == ENV_DYING || env_on_other_cpu(&envs[i]))
            return true;
    }
    // The card's interrupt (lab 6) and the clock will wake these.
    return e1000_has_waiters() || sleep_has_sleepers() || ipc_send_has_parked();
}

void
sched_kick_cpu(int cpu)
{
    if (cpu != cpunum() && cpu >= 0 && cpu < ncpu)
        lapic_send_wakeup(cpus[cpu].cpu_apicid);
}

// Wakes the halted CPUs other than this one, all of them or only the first.
static void
kick_halted_cpus(bool all)
{
    for (int i = 0; i < ncpu; i++) {
        if (i != cpunum() && __atomic_load_n(&cpus[i].cpu_status, __ATOMIC_ACQUIRE) == CPU_HALTED) {
            lapic_send_wakeup(cpus[i].cpu_apicid);
            if (!all)
                return;
        }
    }
}

void
sched_kick_idle_cpus()
{
    kick_halted_cpus(true);
}

void
sched_kick_an_idle_cpu()
{
    kick_halted_cpus(false);
}

void
sched_halt()
{
    if (!any_env_can_run()) {
        curenv = nullptr;
        // With no environments left at all, say so as JOS's lab 3 did, then as lab 4 did.
        if (env_count_live() == 0)
            cprintf("Destroyed the only environment - nothing more to do!\n");
        cprintf("No runnable environments in the system!\n");
        for (;;)
            monitor(nullptr);
    }

    // Idle until an interrupt: no environment, the kernel's own address space,
    // and the kernel lock released for the CPUs that have work.
    curenv = nullptr;
    PhysAddr kern_pgdir_pa = paddr(kern_pgdir);
    if (rcr3() != kern_pgdir_pa.raw())
        load_pgdir(kern_pgdir_pa);
    // Halted before the lock goes: a CPU that then makes an environment
    // runnable sees this one halted and wakes it (kick_halted_cpus).
    __atomic_store_n(&thiscpu->cpu_status, CPU_HALTED, __ATOMIC_RELEASE);
    unlock_kernel();
    sched_idle();
}

void
sched_idle()
{
    __atomic_store_n(&thiscpu->cpu_status, CPU_HALTED, __ATOMIC_RELEASE);
    // Reset the stack (nothing on it is needed any more), enable interrupts, halt.
    // The next interrupt enters trap(), which takes the lock again.
    asm volatile("movl $0, %%ebp\n\t"
                 "movl %0, %%esp\n\t"
                 "pushl $0\n\t"
                 "pushl $0\n\t"
                 "sti\n"
                 "1:\thlt\n\t"
                 "jmp 1b"
                 :
                 : "r"(kstacktop(cpunum())));
    __builtin_unreachable();
}
