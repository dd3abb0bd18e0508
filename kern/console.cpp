// The console multiplexer: output goes to every device (a line at a time:
// kern/console_output.cpp), input from every device collects in one ring
// buffer that cons_getc reads.

#include <kern/console.h>
#include <kern/monitor.h>
#include <kern/monitor_idle.h>
#include <inc/stdio.h>

static constexpr uint32_t INPUT_BUFFER_SIZE = 512;

// Input characters waiting to be read. read_pos == write_pos means empty.
static struct {
    uint8_t buf[INPUT_BUFFER_SIZE];
    uint32_t read_pos;
    uint32_t write_pos;
} input;

void
cons_intr(int (*device_getc)())
{
    int c;
    while ((c = device_getc()) != -1) {
        if (c == 0)
            continue;
        uint32_t next = (input.write_pos + 1) % INPUT_BUFFER_SIZE;
        if (next == input.read_pos)
            continue; // full: drop the character rather than overwrite unread input
        input.buf[input.write_pos] = static_cast<uint8_t>(c);
        input.write_pos = next;
    }
}

int
cons_getc()
{
    // Poll too, so input works before interrupts are enabled (and in the monitor).
    serial_intr();
    kbd_intr();
    if (input.read_pos == input.write_pos)
        return 0;
    int c = input.buf[input.read_pos];
    input.read_pos = (input.read_pos + 1) % INPUT_BUFFER_SIZE;
    return c;
}

void
cons_init()
{
    cga_init();
    serial_init();
    if (!serial_exists())
        cprintf("Serial port does not exist!\n");
}

void
cons_putc_devices(int c)
{
    serial_putc(c);
    lpt_putc(c);
    cga_putc(c);
}

// Unbuffered (readline echoes typed characters with it), but after this
// CPU's partial line: the prompt comes first.
void
cputchar(int c)
{
    char ch = static_cast<char>(c);
    console_write(&ch, 1);
}

// Waits for a character. Between looks the monitor of a user trap lends out
// the kernel lock (kern/mon_user_trap.cpp); every look is made holding it.
int
getchar()
{
    console_flush();
    int c;
    while ((c = cons_getc()) == 0)
        monitor_await_input();
    monitor_input_arrived();
    return c;
}

int
iscons(int)
{
    return 1; // in the kernel there is only the console
}
