// fork the simple, slow way: the parent copies every page of its memory into
// the child eagerly, with no copy-on-write.

#include <inc/lib.h>

// Gives dst a copy of the page at addr, through the parent's UTEMP window.
static void
duppage(envid_t dst, uintptr_t addr)
{
    void* va = reinterpret_cast<void*>(addr);
    void* temp = reinterpret_cast<void*>(UTEMP);
    int r;
    if ((r = sys_page_alloc(dst, va, PTE_P | PTE_U | PTE_W)) < 0)
        panic("sys_page_alloc: %e", r);
    if ((r = sys_page_map(dst, va, 0, temp, PTE_P | PTE_U | PTE_W)) < 0)
        panic("sys_page_map: %e", r);
    memmove(temp, va, PGSIZE);
    if ((r = sys_page_unmap(0, temp)) < 0)
        panic("sys_page_unmap: %e", r);
}

extern "C" char end[];

static envid_t
dumbfork()
{
    envid_t child = sys_exofork();
    if (child < 0)
        panic("sys_exofork: %e", child);
    if (child == 0) {
        thisenv = &envs[ENVX(sys_getenvid())];
        return 0;
    }
    // The program image, then the page holding the current stack frame.
    for (uintptr_t addr = UTEXT; addr < reinterpret_cast<uintptr_t>(end); addr += PGSIZE)
        duppage(child, addr);
    uintptr_t stack_page = round_down(reinterpret_cast<uintptr_t>(&child), PGSIZE);
    duppage(child, stack_page);

    int r = sys_env_set_status(child, ENV_RUNNABLE);
    if (r < 0)
        panic("sys_env_set_status: %e", r);
    return child;
}

void
umain(int, char**)
{
    envid_t who = dumbfork();
    // The parent counts to 10, the child to 20, taking turns.
    for (int i = 0; i < (who != 0 ? 10 : 20); i++) {
        cprintf("%d: I am the %s.\n", i, who != 0 ? "parent" : "child");
        sys_yield();
    }
}
