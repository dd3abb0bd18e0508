// The kernel's clock: the boot CPU's timer interrupts, counted (each CPU has
// its own local APIC timer; one CPU's count is the time). sys_time_msec (lab 6)
// reads it.
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

// The local APIC timer's period (kern/lapic.cpp programs it).
constexpr uint32_t MSEC_PER_TICK = 10;

// Counts one timer interrupt if this is the boot CPU; every CPU's timer handler calls it.
void time_tick();
// Milliseconds since the boot CPU's timer started, in steps of MSEC_PER_TICK.
uint32_t time_msec();
