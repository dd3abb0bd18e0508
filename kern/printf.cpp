// cprintf for the kernel: formats straight to the console.

#include <inc/stdio.h>

static void
console_putch(int ch, void* count)
{
    cputchar(ch);
    ++*static_cast<int*>(count);
}

int
vcprintf(const char* fmt, va_list ap)
{
    int count = 0;
    vprintfmt(console_putch, &count, fmt, ap);
    return count;
}

int
cprintf(const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int count = vcprintf(fmt, ap);
    va_end(ap);
    return count;
}
