// The COM1 serial port (a 16550 UART): the console that tests and `make qemu-nox` see.

#include <kern/console.h>
#include <inc/x86.h>

static constexpr uint16_t COM1 = 0x3F8;
// Register offsets from the base port.
static constexpr uint16_t DATA = 0;       // receive / transmit buffer (DLAB=0)
static constexpr uint16_t INT_ENABLE = 1; // interrupt enable (DLAB=0); divisor high (DLAB=1)
static constexpr uint16_t FIFO_CTRL = 2;
static constexpr uint16_t LINE_CTRL = 3;
static constexpr uint16_t MODEM_CTRL = 4;
static constexpr uint16_t LINE_STATUS = 5;

static constexpr uint8_t LCR_DLAB = 0x80; // divisor latch access
static constexpr uint8_t LCR_8N1 = 0x03;  // 8 data bits, no parity, 1 stop bit
static constexpr uint8_t LSR_DATA_READY = 0x01;
static constexpr uint8_t LSR_TX_EMPTY = 0x20;
static constexpr uint8_t IER_RX = 0x01; // interrupt when data arrives
// 115200 baud, the UART's fastest (divisor 1 of its 115200 Hz clock). QEMU sends
// at once whatever the rate, but Bochs emulates the line: at 9600 baud every
// character kept serial_putc polling for a millisecond of emulated time, most
// of a Bochs boot's CPU time.
static constexpr uint16_t BAUD_DIVISOR = 115200 / 115200;

static bool present;

bool
serial_exists()
{
    return present;
}

int
serial_getc()
{
    if (!present || !(inb(COM1 + LINE_STATUS) & LSR_DATA_READY))
        return -1;
    return inb(COM1 + DATA);
}

void
serial_intr()
{
    if (present)
        cons_intr(serial_getc);
}

void
serial_putc(int c)
{
    if (!present)
        return;
    // Wait for room in the transmitter, but not forever: a wedged UART must not hang the kernel.
    for (int i = 0; !(inb(COM1 + LINE_STATUS) & LSR_TX_EMPTY) && i < 12800; i++)
        inb(0x84); // a slow, side-effect-free port read as a short delay
    outb(COM1 + DATA, static_cast<uint8_t>(c));
}

void
serial_init()
{
    outb(COM1 + FIFO_CTRL, 0); // FIFOs off: one interrupt per character keeps input simple
    outb(COM1 + LINE_CTRL, LCR_DLAB);
    outb(COM1 + DATA, BAUD_DIVISOR & 0xFF);
    outb(COM1 + INT_ENABLE, BAUD_DIVISOR >> 8);
    outb(COM1 + LINE_CTRL, LCR_8N1);
    outb(COM1 + MODEM_CTRL, 0);
    outb(COM1 + INT_ENABLE, IER_RX);

    // A missing UART reads back as all ones.
    present = inb(COM1 + LINE_STATUS) != 0xFF;
    (void)inb(COM1 + FIFO_CTRL);
    (void)inb(COM1 + DATA);

    // Firmware may have left a partial line on the serial port (SeaBIOS's
    // "Booting from Hard Disk..." has no newline): start the kernel's output on a fresh line.
    serial_putc('\n');
}
