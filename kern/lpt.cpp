// The parallel port (LPT1): a copy of console output, as on the PC JOS was written for.

#include <kern/console.h>
#include <inc/x86.h>

static constexpr uint16_t LPT1 = 0x378;
static constexpr uint16_t STATUS = 1;
static constexpr uint16_t CONTROL = 2;
static constexpr uint8_t STATUS_NOT_BUSY = 0x80;
static constexpr uint8_t CONTROL_SELECT_INIT = 0x08 | 0x04;
static constexpr uint8_t CONTROL_STROBE = 0x01;

void
lpt_putc(int c)
{
    for (int i = 0; !(inb(LPT1 + STATUS) & STATUS_NOT_BUSY) && i < 12800; i++)
        inb(0x84);
    outb(LPT1, static_cast<uint8_t>(c));
    // Pulse the strobe line so the printer latches the byte.
    outb(LPT1 + CONTROL, CONTROL_SELECT_INIT | CONTROL_STROBE);
    outb(LPT1 + CONTROL, CONTROL_SELECT_INIT);
}
