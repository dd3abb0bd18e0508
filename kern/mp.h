// Multiprocessor startup: finding CPUs (kern/mpconfig.cpp) and starting them (kern/mpstart.cpp).
#pragma once

#include <kern/kernel.h>

// Reads the BIOS's MP tables, or else ACPI's MADT (kern/acpi.h): sets ncpu,
// cpus[].cpu_apicid, bootcpu, lapicaddr. Neither: one CPU, no local APIC.
void mp_init();
// Starts every application processor; each schedules environments once the
// boot CPU releases the kernel lock.
void boot_aps();
