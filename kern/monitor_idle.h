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

// trap() calls this first: if tf is the interrupt that woke this CPU's
// halted monitor, acknowledges it and returns to the monitor (no return);
// otherwise returns.
void monitor_wakeup(Trapframe* tf);
