// CGA/VGA text mode output: 80x25 cells of (attribute, character) at physical 0xB8000.

#include <kern/console.h>
#include <inc/memlayout.h>
#include <inc/string.h>
#include <inc/x86.h>

static constexpr uint32_t CGA_PHYS = 0xB8000;
static constexpr uint16_t CRTC_INDEX = 0x3D4; // the CRT controller's index/data port pair
static constexpr int COLUMNS = 80;
static constexpr int ROWS = 25;
static constexpr int CELLS = COLUMNS * ROWS;
static constexpr uint16_t WHITE_ON_BLACK = 0x0700;

// The screen, through the kernel's mapping of low physical memory.
static uint16_t* const screen = reinterpret_cast<uint16_t*>(KERNBASE + CGA_PHYS);
static int cursor; // cell index where the next character goes

static void
move_hardware_cursor()
{
    outb(CRTC_INDEX, 14);
    outb(CRTC_INDEX + 1, static_cast<uint8_t>(cursor >> 8));
    outb(CRTC_INDEX, 15);
    outb(CRTC_INDEX + 1, static_cast<uint8_t>(cursor));
}

void
cga_init()
{
    // Start where the firmware's cursor left off, so its messages stay readable.
    outb(CRTC_INDEX, 14);
    int pos = inb(CRTC_INDEX + 1) << 8;
    outb(CRTC_INDEX, 15);
    pos |= inb(CRTC_INDEX + 1);
    cursor = pos < CELLS ? pos : 0;
}

static void
scroll_if_full()
{
    if (cursor < CELLS)
        return;
    memmove(screen, screen + COLUMNS, (CELLS - COLUMNS) * sizeof(uint16_t));
    for (int i = CELLS - COLUMNS; i < CELLS; i++)
        screen[i] = WHITE_ON_BLACK | ' ';
    cursor -= COLUMNS;
}

void
cga_putc(int c)
{
    // Callers may choose colours in the high byte; plain characters are white on black.
    if ((c & ~0xFF) == 0)
        c |= WHITE_ON_BLACK;

    switch (c & 0xFF) {
    case '\b':
        if (cursor > 0)
            screen[--cursor] = static_cast<uint16_t>((c & ~0xFF) | ' ');
        break;
    case '\n':
        cursor += COLUMNS;
        [[fallthrough]];
    case '\r':
        cursor -= cursor % COLUMNS;
        break;
    case '\t':
        do {
            cga_putc(' ');
        } while (cursor % 8 != 0);
        return;
    default:
        screen[cursor++] = static_cast<uint16_t>(c);
        break;
    }
    scroll_if_full();
    move_hardware_cursor();
}
