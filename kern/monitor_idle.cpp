#include <kern/cpu.h>
#include <kern/lapic.h>
#include <kern/monitor_idle.h>
#include <kern/spinlock.h>
#include <kern/tlb_shootdown.h>
#include <kern/trap.h>
#include <inc/assert.h>
#include <inc/trap.h>

// Whether each CPU is halted in monitor_halt. Written only by its own CPU,
// with interrupts off around the halt.
static volatile bool halted_in_monitor[NCPU];

// The CPU whose monitor waits for a key keeping the kernel lock, or -1.
// Written only by the CPU holding the kernel lock; idle CPUs read it.
static volatile int waiting_with_the_lock = -1;

bool
monitor_may_halt()
{
    return !kernel_panicked() && lapic_timer_running() && interrupt_gates_present();
}

void
monitor_halt()
{
    halted_in_monitor[cpunum()] = true;
    // sti takes effect after the next instruction: an interrupt that is
    // already pending wakes the hlt instead of slipping in before it.
    asm volatile("sti; hlt; cli" ::: "memory");
    halted_in_monitor[cpunum()] = false;
}

void
monitor_wakeup(Trapframe* tf)
{
    if ((tf->tf_cs & 3) != 0 || tf->tf_trapno < IRQ_OFFSET || !halted_in_monitor[cpunum()])
        return;
    // The timer's tick still counts (sys_time_msec); device input stays in the
    // device until the monitor's cons_getc reads it.
    acknowledge_unhandled_interrupt(tf);
    env_pop_tf(tf); // back after the hlt, with interrupts off again at the cli
}

void
monitor_keeps_lock_waiting()
{
    waiting_with_the_lock = cpunum();
}

void
monitor_input_arrived()
{
    if (waiting_with_the_lock == cpunum())
        waiting_with_the_lock = -1;
}

void
idle_cpu_wakeup(Trapframe* tf)
{
    while (kernel_lock.looks_taken()) {
        if (waiting_with_the_lock >= 0 && (tf->tf_cs & 3) == 0 && tf->tf_trapno >= IRQ_OFFSET) {
            // A shootdown asked of this CPU is done here: its asker holds
            // the lock and waits for it.
            tlb_flush_if_asked();
            acknowledge_unhandled_interrupt(tf);
            env_pop_tf(tf); // back into sched_idle's halt loop
        }
        tlb_flush_if_asked();
        pause();
    }
}
