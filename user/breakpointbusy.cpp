// One environment stops at a breakpoint while its child keeps working: on
// two CPUs the child must go on printing while the monitor waits for input
// (the monitor lends out the kernel lock). After `continue` the parent ends
// the child and exits.

#include <inc/lib.h>

// Spins a while between two lines, without the clock: time stands still on
// the boot CPU while its monitor waits (its timer interrupt is off).
static void
spin_a_little()
{
    for (int i = 0; i < 10000000; i++)
        asm volatile("" ::: "memory"); // not optimized away
}

void
umain(int, char**)
{
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        for (uint32_t tick = 0;; tick++) {
            cprintf("breakpointbusy: child tick %u\n", tick);
            spin_a_little();
        }
    }
    // Stop only once the child is under way on the other CPU.
    while (envs[ENVX(child)].env_runs == 0)
        sys_yield();
    cprintf("breakpointbusy: parent stops at a breakpoint\n");
    asm volatile("int3");
    cprintf("breakpointbusy: parent resumed\n");
    sys_env_destroy(child);
}
