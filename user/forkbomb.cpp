// A fork bomb: every environment forks until fork fails. The kernel must
// refuse cleanly (out of environments) and stay up; when the original
// environment says so, the others exit, and it forks once more to show the
// system still works. The signal travels in a page fork shares (PTE_SHARE).

#include <inc/lib.h>

static volatile uint32_t* const bomb_over = reinterpret_cast<volatile uint32_t*>(0x10000000);

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
    int r = sys_page_alloc(0, const_cast<uint32_t*>(bomb_over), PTE_P | PTE_U | PTE_W | PTE_SHARE);
    if (r < 0)
        panic("sys_page_alloc: %e", r);

    envid_t original = sys_getenvid();
    int children = 0;
    envid_t child = 0;
    // The original and every child fork until fork fails (or the bomb is over).
    while (!*bomb_over && (child = fork()) >= 0) {
        if (child > 0 && sys_getenvid() == original)
            children++;
    }
    if (sys_getenvid() != original) {
        while (!*bomb_over)
            sys_yield();
        return;
    }
    cprintf("forkbomb: fork failed after %d children: %e\n", children, child);
    *bomb_over = 1;

    while (live_environments() > 1)
        sys_yield();
    cprintf("forkbomb: every other environment is gone\n");

    child = fork();
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
