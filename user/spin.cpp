// The parent forks a child that spins forever, lets it run, then kills it:
// only timer preemption gives the parent the CPU back.
//
// The parent yields 8 times, as JOS's does, and then on until the child has
// said it spins (a flag in a page they share), up to a limit. On a loaded
// host a vCPU that was descheduled takes its timer interrupt as soon as it
// runs again, so 8 slices of the child can all end before its first line.

#include <inc/lib.h>

static volatile bool* const child_spins = reinterpret_cast<volatile bool*>(0xA0000000);
static constexpr int MIN_YIELDS = 8;
static constexpr int MAX_YIELDS = 1000;

void
umain(int, char**)
{
    int r = sys_page_alloc(0, const_cast<bool*>(child_spins), PTE_P | PTE_U | PTE_W | PTE_SHARE);
    if (r < 0)
        panic("sys_page_alloc: %e", r);
    cprintf("I am the parent.  Forking the child...\n");
    envid_t child = fork();
    if (child == 0) {
        cprintf("I am the child.  Spinning...\n");
        *child_spins = true;
        for (;;)
            ;
    }
    cprintf("I am the parent.  Running the child...\n");
    for (int i = 0; i < MIN_YIELDS || (!*child_spins && i < MAX_YIELDS); i++)
        sys_yield();
    cprintf("I am the parent.  Killing the child...\n");
    sys_env_destroy(child);
}
