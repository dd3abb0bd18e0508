// CGA/VGA text mode output: 80x25 cells of (attribute, character) at physical 0xB8000.
//
// The screen scrolls in hardware: the CRT controller shows the 25 rows that
// start at `origin` in a 16 KiB text buffer (CGA's size; VGA has more), and a
// new line moves `origin` down one row instead of copying the screen up.
// Copying 24 rows goes through emulated video memory a cell at a time, which
// cost QEMU milliseconds per line; now a copy happens once per buffer's worth
// of rows (about 77 lines).

#include <kern/console.h>
#include <inc/memlayout.h>
#include <inc/string.h>
#include <inc/x86.h>

static constexpr uint32_t CGA_PHYS = 0xB8000;
static constexpr uint16_t CRTC_INDEX = 0x3D4;  // the CRT controller's index/data port pair
static constexpr uint8_t CRTC_START_HIGH = 12; // the cell shown at the top left
static constexpr uint8_t CRTC_START_LOW = 13;
static constexpr uint8_t CRTC_CURSOR_HIGH = 14; // the cursor's cell (from the buffer's start)
static constexpr uint8_t CRTC_CURSOR_LOW = 15;
static constexpr int COLUMNS = 80;
static constexpr int ROWS = 25;
static constexpr int CELLS = COLUMNS * ROWS;
static constexpr int BUFFER_CELLS = 16 * 1024 / 2;
static constexpr uint16_t WHITE_ON_BLACK = 0x0700;
static constexpr uint16_t BLANK = WHITE_ON_BLACK | ' ';

// The text buffer, through the kernel's mapping of low physical memory.
static uint16_t* const buffer = reinterpret_cast<uint16_t*>(KERNBASE + CGA_PHYS);
static int origin; // buffer cell shown at the screen's top left (a row start)
static int cursor; // buffer cell where the next character goes

static void
crtc_write16(uint8_t high_register, int value)
{
    outb(CRTC_INDEX, high_register);
    outb(CRTC_INDEX + 1, static_cast<uint8_t>(value >> 8));
    outb(CRTC_INDEX, static_cast<uint8_t>(high_register + 1));
    outb(CRTC_INDEX + 1, static_cast<uint8_t>(value));
}

void
cga_init()
{
    // Start where the firmware's cursor left off, so its messages stay readable
    // (the firmware leaves the screen's start at the buffer's start).
    outb(CRTC_INDEX, CRTC_CURSOR_HIGH);
    int pos = inb(CRTC_INDEX + 1) << 8;
    outb(CRTC_INDEX, CRTC_CURSOR_LOW);
    pos |= inb(CRTC_INDEX + 1);
    origin = 0;
    cursor = pos < CELLS ? pos : 0;
    crtc_write16(CRTC_START_HIGH, origin);
}

static void
clear(int from, int to)
{
    for (int i = from; i < to; i++)
        buffer[i] = BLANK;
}

static void
scroll_if_full()
{
    if (cursor < origin + CELLS)
        return;
    if (origin + CELLS + COLUMNS > BUFFER_CELLS) {
        // At the buffer's end: copy the rows that stay to its start, once.
        memmove(buffer, buffer + origin + COLUMNS, (CELLS - COLUMNS) * sizeof(uint16_t));
        cursor -= origin + COLUMNS;
        origin = 0;
        clear(CELLS - COLUMNS, CELLS);
    } else {
        origin += COLUMNS;
        clear(origin + CELLS - COLUMNS, origin + CELLS);
    }
    crtc_write16(CRTC_START_HIGH, origin);
}

void
cga_putc(int c)
{
    // Callers may choose colours in the high byte; plain characters are white on black.
    if ((c & ~0xFF) == 0)
        c |= WHITE_ON_BLACK;

    switch (c & 0xFF) {
    case '\b':
        if (cursor > origin)
            buffer[--cursor] = static_cast<uint16_t>((c & ~0xFF) | ' ');
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
        buffer[cursor++] = static_cast<uint16_t>(c);
        break;
    }
    scroll_if_full();
    crtc_write16(CRTC_CURSOR_HIGH, cursor);
}
