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
    // Lines the child has printed, in a page fork shares (PTE_SHARE).
    auto* ticks_printed = reinterpret_cast<volatile uint32_t*>(UTEMP);
    if (int r =
            sys_page_alloc(0, reinterpret_cast<void*>(UTEMP), PTE_P | PTE_U | PTE_W | PTE_SHARE);
        r < 0)
        panic("page_alloc: %e", r);
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        for (uint32_t tick = 0;; tick++) {
            cprintf("breakpointbusy: child tick %u\n", tick);
            *ticks_printed = tick + 1;
            spin_a_little();
        }
    }
    // Stop only once the child is under way on the other CPU.
    while (*ticks_printed == 0)
        sys_yield();
    cprintf("breakpointbusy: parent stops at a breakpoint\n");
    asm volatile("int3");
    cprintf("breakpointbusy: parent resumed\n");
    sys_env_destroy(child);
}
