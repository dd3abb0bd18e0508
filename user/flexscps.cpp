// Registers for FlexSC, makes a few calls, then stops at a breakpoint so the
// kernel monitor can show the syscall thread (ps) and the counters (kstats).

#include <inc/lib.h>

void
umain(int, char**)
{
    int r = flexsc_register();
    if (r < 0)
        panic("flexsc_register: %e", r);
    for (int i = 0; i < 10; i++)
        flexsc_call(Syscall::getenvid);
    cprintf("flexscps: registered; stopping in the monitor\n");
    asm volatile("int3");
    cprintf("flexscps: resumed\n");
}
