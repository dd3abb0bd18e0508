// panic and warn for user programs: print where, then stop in the kernel
// monitor (a breakpoint) so the state can be examined.

#include <inc/lib.h>

void
_panic(const char* file, int line, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cprintf("[%08x] user panic in %s at %s:%d: ", sys_getenvid(), binaryname, file, line);
    vcprintf(fmt, ap);
    cprintf("\n");
    va_end(ap);
    for (;;)
        asm volatile("int3");
}

void
_warn(const char* file, int line, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cprintf("[%08x] user warning in %s at %s:%d: ", sys_getenvid(), binaryname, file, line);
    vcprintf(fmt, ap);
    cprintf("\n");
    va_end(ap);
}
