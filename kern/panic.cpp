// Kernel panic and warning. A panic stops the kernel in the monitor, where the
// backtrace shows how it got there.

#include <inc/assert.h>
#include <inc/stdio.h>
#include <kern/monitor.h>

// The first panic's message; set so that a panic inside the panic path does not recurse.
static const char* panic_message;

KERNEL_HOT bool
kernel_panicked()
{
    return panic_message != nullptr;
}

void
_panic(const char* file, int line, const char* fmt, ...)
{
    if (panic_message == nullptr) {
        panic_message = fmt;
        asm volatile("cli; cld");

        va_list ap;
        va_start(ap, fmt);
        cprintf("kernel panic at %s:%d: ", file, line);
        vcprintf(fmt, ap);
        cprintf("\n");
        va_end(ap);
    }
    for (;;)
        monitor(nullptr);
}

void
_warn(const char* file, int line, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cprintf("kernel warning at %s:%d: ", file, line);
    vcprintf(fmt, ap);
    cprintf("\n");
    va_end(ap);
}
