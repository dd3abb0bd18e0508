// Reading the CMOS RAM through its index/data port pair.

#include <kern/cmos.h>
#include <inc/x86.h>

static constexpr uint16_t CMOS_INDEX = 0x70;
static constexpr uint16_t CMOS_DATA = 0x71;

uint8_t
cmos_read(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

uint32_t
nvram_read16(uint8_t reg)
{
    return cmos_read(reg) | (cmos_read(reg + 1) << 8);
}
