// Boot-time self-checks of the kernel's page directory: what mem_init mapped,
// with which permissions, and that the MMU really uses it once loaded.

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/pmap.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/x86.h>

// Checks that [va, va+size) maps to [pa, pa+size).
static void
check_range(uintptr_t va, size_t size, PhysAddr pa, const char* what)
{
    for (size_t i = 0; i < size; i += PGSIZE) {
        Result<PhysAddr> got = va2pa(kern_pgdir, VirtAddr(va + i));
        if (!got.ok())
            panic("check_kern_pgdir: %s at %08x is not mapped", what, va + i);
        if (got.value() != pa.offset(i))
            panic("check_kern_pgdir: %s at %08x maps to %08x, not %08x", what, va + i,
                  got.value().raw(), pa.offset(i).raw());
    }
}

// The permission bits the hardware would apply to va: directory and table entry combined.
static uint32_t
effective_perm(uintptr_t va)
{
    pde_t pde = kern_pgdir[PDX(va)];
    if (!(pde & PTE_P))
        return 0;
    if (pde & PTE_PS)
        return pde & (PTE_P | PTE_W | PTE_U);
    pte_t* pte = pgdir_walk(kern_pgdir, VirtAddr(va), false);
    if (pte == nullptr || !(*pte & PTE_P))
        return 0;
    return pde & *pte & (PTE_P | PTE_W | PTE_U);
}

void
check_kern_pgdir()
{
    size_t pages_size = round_up(npages * sizeof(PageInfo), PGSIZE);
    check_range(UPAGES, pages_size, paddr(pages), "pages");
    check_range(UENVS, round_up(NENV * sizeof(Env), PGSIZE), paddr(envs), "envs");
    check_range(KERNBASE, npages * PGSIZE, PhysAddr(0), "the direct map");
    for (int i = 0; i < NCPU; i++) {
        uintptr_t top = kstacktop(i);
        check_range(top - KSTKSIZE, KSTKSIZE, paddr(percpu_kstacks[i]), "a kernel stack");
        for (uintptr_t va = top - KSTKSIZE - KSTKGAP; va < top - KSTKSIZE; va += PGSIZE) {
            if (va2pa(kern_pgdir, VirtAddr(va)).ok())
                panic("check_kern_pgdir: kernel stack guard page %08x is mapped", va);
        }
    }

    assert(effective_perm(UPAGES) == (PTE_P | PTE_U)); // users read, nobody writes
    assert(effective_perm(UENVS) == (PTE_P | PTE_U));
    assert((kern_pgdir[PDX(UVPT)] & (PTE_P | PTE_W | PTE_U)) == (PTE_P | PTE_U));
    assert(effective_perm(KSTACKTOP - PGSIZE) == (PTE_P | PTE_W)); // kernel only
    assert(effective_perm(KERNBASE) == (PTE_P | PTE_W));
    assert(effective_perm(0xFFFFF000) == (PTE_P | PTE_W));
    assert(PTE_ADDR(kern_pgdir[PDX(UVPT)]) == paddr(kern_pgdir).raw());

    // Nothing of the user's half is mapped yet.
    for (uint32_t i = 0; i < PDX(UTOP); i++) {
        if (kern_pgdir[i] != 0)
            panic("check_kern_pgdir: user page directory entry %u is %08x", i, kern_pgdir[i]);
    }
    cprintf("check_kern_pgdir() succeeded!\n");
}

void
check_page_installed_pgdir()
{
    assert(rcr3() == paddr(kern_pgdir).raw());
    PageInfo* pp1 = page_alloc(0);
    PageInfo* pp2 = page_alloc(0);
    assert(pp1 != nullptr && pp2 != nullptr && pp1 != pp2);
    memset(page2kva(pp1), 1, PGSIZE);
    memset(page2kva(pp2), 2, PGSIZE);

    // Through the MMU, the mapped page's contents appear at va.
    volatile auto* at_va = reinterpret_cast<volatile uint32_t*>(PGSIZE);
    assert(page_insert(kern_pgdir, pp1, VirtAddr(PGSIZE), PTE_W) == Error::ok);
    assert(pp1->pp_ref == 1);
    assert(*at_va == 0x01010101u);

    // Replacing the mapping must flush the stale translation from the TLB.
    assert(page_insert(kern_pgdir, pp2, VirtAddr(PGSIZE), PTE_W) == Error::ok);
    assert(*at_va == 0x02020202u);
    assert(pp2->pp_ref == 1 && pp1->pp_ref == 0);

    // Writes through va land in the page.
    *at_va = 0x03030303u;
    assert(*static_cast<uint32_t*>(page2kva(pp2)) == 0x03030303u);

    page_remove(kern_pgdir, VirtAddr(PGSIZE));
    assert(pp2->pp_ref == 0);

    // Drop the page table check used.
    PageInfo* table = pa2page(PhysAddr(PTE_ADDR(kern_pgdir[0])));
    kern_pgdir[0] = 0;
    page_decref(table);
    cprintf("check_page_installed_pgdir() succeeded!\n");
}
