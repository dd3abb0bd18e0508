// The parent forks a child that spins forever, lets it run, then kills it:
// only timer preemption gives the parent the CPU back.

#include <inc/lib.h>

void
umain(int, char**)
{
    cprintf("I am the parent.  Forking the child...\n");
    envid_t child = fork();
    if (child == 0) {
        cprintf("I am the child.  Spinning...\n");
        for (;;)
            ;
    }
    cprintf("I am the parent.  Running the child...\n");
    for (int i = 0; i < 8; i++)
        sys_yield();
    cprintf("I am the parent.  Killing the child...\n");
    sys_env_destroy(child);
}
