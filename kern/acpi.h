// The ACPI tables, read for one thing: the list of CPUs in the MADT. Firmware
// that no longer writes the MP tables (QEMU's qboot, which the grade harness
// boots with, and UEFI machines) still describes its CPUs there.
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

// Calls found_cpu for each enabled processor's local APIC id, in the MADT's
// order, and returns the local APIC's physical address; 0 (and no calls) if
// there is no intact MADT.
physaddr_t acpi_find_cpus(void (*found_cpu)(uint8_t apic_id));
