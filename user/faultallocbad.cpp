// Passes an unmapped pointer to a system call while a page-fault handler is
// set: the kernel checks the pointer itself and must not call the handler.

#include <inc/lib.h>

static void
handler(UTrapframe* utf)
{
    uintptr_t addr = utf->utf_fault_va;
    cprintf("fault %x\n", addr);
    int r =
        sys_page_alloc(0, reinterpret_cast<void*>(round_down(addr, PGSIZE)), PTE_P | PTE_U | PTE_W);
    if (r < 0)
        panic("allocating at %x in page fault handler: %e", addr, r);
    snprintf(reinterpret_cast<char*>(addr), 100, "this string was faulted in at %x", addr);
}

void
umain(int, char**)
{
    set_pgfault_handler(handler);
    sys_cputs(reinterpret_cast<const char*>(0xDeadBeef), 4);
}
