// cprintf, the same on both sides: each defines vcprintf (the kernel into the
// console, kern/console_output.cpp; the library OS into one sys_cputs per
// buffer, lib/printf.cpp).

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
