// The monitor waiting for a key with its CPU halted. Polling the console
// instead keeps the emulator's host thread busy the whole time a prompt is
// open (a `make qemu` left at K> used a host core for nothing). The CPU sleeps
// until the next interrupt: at the latest the local APIC timer's next tick,
// so a key waiting in a device that does not interrupt is seen within a tick.
#pragma once

#include <kern/kernel.h>

struct Trapframe;

// Whether this CPU may halt to wait: the local APIC timer ticks (lab 4 on),
// the IDT has a gate for every interrupt that may come (lab 3 on), and no CPU
// has panicked (an interrupt would then stop the CPU in trap() for good).
bool monitor_may_halt();

// Halts until an interrupt, which monitor_wakeup then handles.
void monitor_halt();

// A monitor that waits for a key without lending the kernel lock (at boot,
// with nothing left to run, at a kernel breakpoint) keeps it until the key
// comes: monitor_await_input says so with monitor_keeps_lock_waiting(), and
// getchar with monitor_input_arrived() once the key is there. Meanwhile an idle
// CPU that an interrupt wakes goes back to sleep (trap()) instead of spinning
// for the lock as long as the prompt stays open.
void monitor_keeps_lock_waiting();
void monitor_input_arrived();

// trap() calls this for an idle CPU that an interrupt woke, before it takes
// the kernel lock: while the lock is taken it watches for a monitor keeping it
// to wait for a key, and then acknowledges the interrupt and goes back to the
// idle halt (no return); otherwise returns once the lock looks free. (A CPU
// that spins in lock_kernel instead would do so for as long as the prompt
// stays open.)
void idle_cpu_wakeup(Trapframe* tf);

// trap() calls this first: if tf is the interrupt that woke this CPU's
// halted monitor, acknowledges it and returns to the monitor (no return);
// otherwise returns.
void monitor_wakeup(Trapframe* tf);
