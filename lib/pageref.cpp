// Reference counts of pages, from the kernel's read-only pages[] array.

#include <inc/lib.h>

int
pageref(const void* v)
{
    uintptr_t va = reinterpret_cast<uintptr_t>(v);
    if (!(uvpd[PDX(va)] & PTE_P))
        return 0;
    pte_t pte = uvpt[PGNUM(va)];
    if (!(pte & PTE_P))
        return 0;
    return pages[PGNUM(PTE_ADDR(pte))].pp_ref;
}
