// Stops at a breakpoint with a FlexSC syscall thread alive, so the monitor can
// show its kernel stack: one page with an unmapped guard page under it
// (kern/thread_stack.h). After `continue` the program exits and the stack is
// freed with the thread.

#include <inc/lib.h>

void
umain(int, char**)
{
    if (int r = flexsc_register(); r < 0)
        panic("flexsc_register: %e", r);
    cprintf("flexscstack: the thread served getenvid: %s\n",
            flexsc_call(Syscall::getenvid) == thisenv->env_id ? "ok" : "wrong");
    asm volatile("int3");
    cprintf("flexscstack: resumed\n");
}
