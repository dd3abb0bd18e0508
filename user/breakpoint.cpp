// Stops at a breakpoint: the kernel monitor runs with this environment alive,
// and its continue command resumes it to a clean exit.

#include <inc/lib.h>

void
umain(int, char**)
{
    asm volatile("int3");
    cprintf("breakpoint: resumed after the breakpoint\n");
}
