// A page-fault handler that allocates the missing page and writes a string in
// it; the second string crosses a page boundary, so the handler itself faults
// (a recursive fault on the exception stack).

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
    cprintf("%s\n", reinterpret_cast<const char*>(0xDeadBeef));
    cprintf("%s\n", reinterpret_cast<const char*>(0xCafeBffe));
}
