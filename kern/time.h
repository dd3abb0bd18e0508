// The kernel's clock: the boot CPU's timer interrupts, counted (each CPU has
// its own local APIC timer; one CPU's count is the time). sys_time_msec (lab 6)
// reads it.
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

// The local APIC timer's period unless the boot option +tick=MS sets another
// (kern/lapic.cpp programs it).
constexpr uint32_t DEFAULT_MSEC_PER_TICK = 10;

// Sets the timer's period, before any CPU starts its timer (i386_init).
void time_set_msec_per_tick(uint32_t msec);
// The timer's period: the time slice, and the step of time_msec().
uint32_t time_msec_per_tick();

// Counts one timer interrupt if this is the boot CPU; every CPU's timer handler calls it.
void time_tick();
// Milliseconds since the boot CPU's timer started, in steps of time_msec_per_tick().
uint32_t time_msec();
