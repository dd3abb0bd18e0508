// cprintf for the kernel; vcprintf (kern/console_output.cpp) formats into
// this CPU's line buffer.

#include <inc/stdio.h>

int
cprintf(const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int count = vcprintf(fmt, ap);
    va_end(ap);
    return count;
}
