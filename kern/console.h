// The kernel console: output to CGA text, COM1 and the parallel port; input
// from the PS/2 keyboard and COM1, gathered into one buffer.
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

void cons_init();

// Returns the next input character, or 0 if none is waiting. Never blocks.
int cons_getc();

// Writes len bytes to the console in one piece (after this CPU's partial
// line, if any): no other CPU's output comes in between.
void console_write(const char* s, size_t len);
// Sends out this CPU's partial line (a prompt, before waiting for input).
void console_flush();
// Writes one character to every device. The caller holds the console lock.
void cons_putc_devices(int c);

// The devices behind the console. Each *_getc returns -1 when nothing is waiting.
void cga_init();
void cga_putc(int c);
void serial_init();
bool serial_exists();
void serial_putc(int c);
int serial_getc();
void lpt_putc(int c);
int kbd_getc();

// Drains a device's pending input into the console buffer (polled now, from IRQs later).
void cons_intr(int (*device_getc)());
void kbd_intr();
void serial_intr();
