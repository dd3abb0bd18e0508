// The local APIC of each CPU: its timer (preemption), interrupt acknowledgment,
// and inter-processor interrupts (starting the other CPUs).
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

// Physical address of the local APIC registers (from the MP table); 0 if none.
extern physaddr_t lapicaddr;

// Maps the LAPIC, enables it and starts its periodic timer. Runs on every CPU.
void lapic_init();
// This CPU's APIC id, or 0 before the LAPIC is mapped.
int lapic_id();
// Acknowledges the interrupt being handled.
void lapic_eoi();
// Whether this CPU's local APIC timer is set to interrupt (lapic_init).
bool lapic_timer_running();
// Starts the CPU with APIC id apicid at physical address addr (real mode, page aligned, < 1 MiB).
void lapic_startap(uint8_t apicid, uint32_t addr);

// Sends CPU `apicid` the wake-up interrupt (IRQ_WAKEUP): a halted CPU wakes
// and schedules; a busy one schedules as on a timer tick.
void lapic_send_wakeup(uint8_t apicid);
