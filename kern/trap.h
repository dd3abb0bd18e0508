// Traps: the interrupt descriptor table, the C++ side of every kernel entry,
// and printing trap frames.
#pragma once

#include <kern/kernel.h>
#include <inc/trap.h>

void trap_init();
// This CPU's part: its task state segment (the kernel stack its traps land
// on), the IDT, and sysenter. Each CPU runs it at its start.
void trap_init_percpu();
// Points this CPU's sysenter MSRs at the kernel's entry (when the CPU has sysenter).
void sysenter_init_percpu();

void print_trapframe(const Trapframe* tf);
void print_regs(const PushRegs* regs);
const char* trapname(uint32_t trapno);

// Whether the IDT has a gate for every hardware interrupt (IRQ_OFFSET + 0-15,
// IRQ_WAKEUP, IRQ_ERROR): false until trap_init has filled it (lab 3).
bool interrupt_gates_present();
// For an interrupt whose handler will not run: a local APIC interrupt gets its
// EOI (the timer's tick is counted first), the 8259's need none (auto-EOI).
void acknowledge_unhandled_interrupt(const Trapframe* tf);

// Called by kern/trapentry.S with the frame it built on the kernel stack. Never returns.
extern "C" [[noreturn]] void trap(Trapframe* tf);

// Called by kern/trapentry.S for a sysenter system call. Returns only when the
// caller may resume at once through sysexit (tf then holds its registers).
extern "C" const Trapframe* sysenter_trap(Trapframe* tf);

// Restores the registers in tf and returns to user mode (iret). kern/trapentry.S.
extern "C" [[noreturn]] void env_pop_tf(const Trapframe* tf);
extern "C" void sysenter_entry(); // kern/trapentry.S

// The frame of the trap being handled, for printing cr2 only for the latest fault.
extern const Trapframe* last_tf;
