// A user breakpoint or debug trap: the monitor (JOS), or the environment's end.
//
// On SMP the monitor of a user trap must not stop the machine: it waits for
// console input with the big kernel lock lent out, so the other CPUs keep
// running environments. The trapped environment stays this CPU's curenv the
// whole time, and the scheduler never picks another CPU's current environment
// (env_on_other_cpu), so nobody else runs it; continue/stepi resume it here.
// Everything the monitor does besides waiting (reading input, echoing,
// running commands) happens with the lock held again, so the console
// devices, the input buffer and the Env table need no lock of their own.

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/monitor.h>
#include <kern/monitor_idle.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/tlb_shootdown.h>
#include <inc/assert.h>
#include <inc/stdio.h>
#include <inc/x86.h>

UserTrapPolicy user_trap_policy = UserTrapPolicy::monitor;

// The CPU whose monitor serves a user trap, or -1. One at a time: a second
// user trap waits for the first monitor to finish, so two prompts never
// share the console. Protected by: the kernel lock.
static int monitor_cpu = -1;

// Pauses between two looks at the console: long enough that a CPU waiting
// for the lock gets it, short enough that typing does not lag.
static constexpr int LEND_PAUSES = 2000;

// Releases the kernel lock for a moment and takes it back. While it is out,
// this CPU still honours TLB shootdowns (it has the trapped environment's
// page directory loaded) and stops for good if another CPU panics.
static void
lend_kernel_lock()
{
    unlock_kernel();
    for (int i = 0; i < LEND_PAUSES; i++) {
        if (kernel_panicked())
            for (;;)
                halt(); // interrupts are off: as the other CPUs in trap()
        tlb_flush_if_asked();
        pause();
    }
    lock_kernel();
}

void
monitor_await_input()
{
    if (monitor_cpu == cpunum()) {
        lend_kernel_lock();
        return;
    }
    monitor_keeps_lock_waiting();
    if (monitor_may_halt())
        monitor_halt();
    else
        pause();
}

static const char*
trap_description(const Trapframe* tf)
{
    return tf->tf_trapno == T_BRKPT ? "user breakpoint" : "user debug trap (trap flag)";
}

void
monitor_user_trap(Trapframe* tf)
{
    Env* e = curenv;
    assert(e != nullptr && (tf->tf_cs & 3) == 3);
    if (user_trap_policy == UserTrapPolicy::destroy) {
        cprintf("[%08x] %s at eip %08x: destroyed (+usertrap=destroy)\n", e->env_id,
                trap_description(tf), tf->tf_eip);
        env_destroy(e); // does not return: e is curenv
    }

    while (monitor_cpu >= 0)
        lend_kernel_lock();
    monitor_cpu = cpunum();
    monitor(tf);
    monitor_cpu = -1;

    // Destroyed (by its parent, say) while the monitor waited: it was marked
    // DYING, to be freed by this CPU, which is where it runs.
    if (e->env_status == ENV_DYING) {
        env_free(e);
        curenv = nullptr;
        sched_yield();
    }
}
