// A fork bomb: every environment forks until fork fails, then exits. The
// kernel must refuse cleanly (out of environments) and recover; afterwards
// this program forks once more to show the system still works.

#include <inc/lib.h>

static int
live_environments()
{
    int n = 0;
    for (int i = 0; i < NENV; i++)
        n += envs[i].env_status != ENV_FREE;
    return n;
}

void
umain(int, char**)
{
    envid_t original = sys_getenvid();
    int children = 0;
    envid_t r;
    // Parent and every child keep forking; each stops at its first failure.
    while ((r = fork()) >= 0) {
        if (r > 0 && sys_getenvid() == original)
            children++;
    }
    if (sys_getenvid() != original)
        return;
    cprintf("forkbomb: fork failed after %d children: %e\n", children, r);

    while (live_environments() > 1)
        sys_yield();
    cprintf("forkbomb: every other environment is gone\n");

    envid_t child = fork();
    if (child == 0) {
        cprintf("forkbomb: a new child runs after the bomb\n");
        return;
    }
    if (child < 0)
        panic("fork after the bomb: %e", child);
    while (envs[ENVX(child)].env_id == child && envs[ENVX(child)].env_status != ENV_FREE)
        sys_yield();
    cprintf("forkbomb: the system is usable again\n");
}
