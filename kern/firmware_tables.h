// Finding the tables firmware leaves in low memory (the MP tables, ACPI):
// where the specifications say to look, and reading them without trusting them.
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

// The kernel address of [pa, pa+len), or nullptr if any of it is outside
// physical memory. Firmware tables point at each other by physical address,
// and a missing or broken table is garbage, not a reason to panic.
const void* firmware_bytes(physaddr_t pa, size_t len);

// The sum of len bytes, modulo 256: a table is intact when its bytes sum to 0.
uint8_t byte_sum(const void* addr, size_t len);

// A structure that starts with `signature` on a 16-byte boundary and whose
// first checked_len bytes sum to 0, found where both the MP and ACPI
// specifications look: the first KiB of the extended BIOS data area (or, if
// the BIOS data area names none, the last KiB of base memory), then the BIOS
// ROM area from rom_start to 1 MiB. nullptr if none.
const void* find_firmware_structure(const char* signature, size_t signature_len, size_t checked_len,
                                    physaddr_t rom_start);
