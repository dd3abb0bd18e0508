// Makes children with exofork and gives them memory, but starts none of them,
// then exits. Only a parent may make its child runnable, so the kernel must
// free them with their parent instead of keeping their pages forever.

#include <inc/lib.h>

void
umain(int, char**)
{
    for (int i = 0; i < 3; i++) {
        envid_t child = sys_exofork();
        if (child < 0)
            panic("exofork: %e", child);
        if (child == 0)
            panic("orphan: the child must never run");
        for (uintptr_t va = UTEXT; va < UTEXT + 4 * PGSIZE; va += PGSIZE) {
            if (int r = sys_page_alloc(child, reinterpret_cast<void*>(va), PTE_P | PTE_U | PTE_W);
                r < 0)
                panic("page_alloc: %e", r);
        }
        cprintf("orphan: made child %08x, not started\n", child);
    }
}
