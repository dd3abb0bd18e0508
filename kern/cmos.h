// The PC's CMOS RAM (MC146818 real-time clock chip), where the BIOS records the memory size.
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

// CMOS registers holding memory sizes, each a 16-bit little-endian pair.
constexpr uint8_t NVRAM_BASELO = 0x15;  // base memory in KiB
constexpr uint8_t NVRAM_EXTLO = 0x17;   // extended memory (1-16 MiB) in KiB
constexpr uint8_t NVRAM_EXT16LO = 0x34; // memory above 16 MiB in 64 KiB units

uint8_t cmos_read(uint8_t reg);
// Reads the 16-bit value in registers reg and reg+1.
uint32_t nvram_read16(uint8_t reg);
