// Page tables and the kernel's address space. Page-table entries are the
// hardware's format (pte_t); addresses are PhysAddr / VirtAddr everywhere else.

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/tlb_shootdown.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/x86.h>

pde_t* kern_pgdir;

void*
_kaddr(const char* file, int line, PhysAddr pa)
{
    if ((pa.raw() >> PGSHIFT) >= npages)
        _panic(file, line, "kaddr called with invalid pa %08x", pa.raw());
    return reinterpret_cast<void*>(pa.raw() + KERNBASE);
}

PhysAddr
_paddr(const char* file, int line, const void* kva)
{
    auto va = reinterpret_cast<uintptr_t>(kva);
    if (va < KERNBASE)
        _panic(file, line, "paddr called with invalid kva %08x", va);
    return PhysAddr(va - KERNBASE);
}

bool
cpu_has_pse()
{
    constexpr uint32_t CPUID_EDX_PSE = 1 << 3;
    return cpuid(1).edx & CPUID_EDX_PSE;
}

KERNEL_HOT pte_t*
pgdir_walk(pde_t* pgdir, VirtAddr va, bool create)
{
    // LAB 2: BEGIN SOLUTION
    // HINT: return the PTE for va, making the page table (a zeroed page, pp_ref 1) if create and it
    //       is missing; nullptr otherwise. A PDE holds the table's physical address: reach it with
    //       kaddr. A 4 MiB PDE (PTE_PS) has no table. Exercise 4, doc/labs/lab2.md.
    pde_t& pde = pgdir[PDX(va.raw())];
    if (pde & PTE_PS)
        return nullptr;
    if (!(pde & PTE_P)) {
        if (!create)
            return nullptr;
        PageInfo* pp = page_alloc(ALLOC_ZERO);
        if (pp == nullptr)
            return nullptr;
        pp->pp_ref++;
        // The directory entry is permissive; the page table entries decide.
        pde = page2pa(pp).raw() | PTE_P | PTE_W | PTE_U;
    }
    auto* table = static_cast<pte_t*>(kaddr(PhysAddr(PTE_ADDR(pde))));
    return &table[PTX(va.raw())];
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2, pgdir, va, create);
    // LAB 2: END SOLUTION
}

void
boot_map_region(pde_t* pgdir, VirtAddr va, size_t size, PhysAddr pa, int perm, bool large)
{
    // LAB 2: BEGIN SOLUTION
    // HINT: map [va, va+size) to [pa, pa+size) with perm|PTE_P, for boot-time mappings only (no
    //       pp_ref changes); with large and cpu_has_pse(), 4 MiB pages (PTE_PS) where aligned.
    //       Exercise 4, doc/labs/lab2.md.
    assert(va.page_aligned() && pa.page_aligned() && size % PGSIZE == 0);
    large = large && cpu_has_pse();
    for (size_t done = 0; done < size;) {
        VirtAddr v = va.offset(done);
        PhysAddr p = pa.offset(done);
        if (large && v.raw() % PTSIZE == 0 && p.raw() % PTSIZE == 0 && size - done >= PTSIZE) {
            pgdir[PDX(v.raw())] = p.raw() | perm | PTE_P | PTE_PS;
            done += PTSIZE;
            continue;
        }
        pte_t* pte = pgdir_walk(pgdir, v, true);
        if (pte == nullptr)
            panic("boot_map_region: out of memory for a page table at %08x", v.raw());
        *pte = p.raw() | perm | PTE_P;
        done += PGSIZE;
    }
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2, pgdir, va, size, pa, perm, large);
    // LAB 2: END SOLUTION
}

Error
page_insert(pde_t* pgdir, PageInfo* pp, VirtAddr va, int perm)
{
    // LAB 2: BEGIN SOLUTION
    // HINT: map pp at va with perm|PTE_P, replacing (page_remove) what was there; Error::no_mem if
    //       no page table can be made. Re-inserting the same page at the same va must work: count
    //       the new reference before removing the old one. Exercise 4, doc/labs/lab2.md.
    pte_t* pte = pgdir_walk(pgdir, va, true);
    if (pte == nullptr)
        return Error::no_mem;
    // Take the new reference first: if pp is already mapped here, removing the
    // old mapping must not free it.
    pp->pp_ref++;
    if (*pte & PTE_P)
        page_remove(pgdir, va);
    *pte = page2pa(pp).raw() | perm | PTE_P;
    // No invalidation: no TLB caches a not-present entry, and a present one
    // was invalidated (on every CPU using pgdir) by page_remove above.
    return Error::ok;
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2, pgdir, pp, va, perm);
    // LAB 2: END SOLUTION
}

PageInfo*
page_lookup(pde_t* pgdir, VirtAddr va, pte_t** pte_store)
{
    // LAB 2: BEGIN SOLUTION
    // HINT: return the page mapped at va (nullptr if none) and, if pte_store, where its PTE is.
    //       Exercise 4, doc/labs/lab2.md.
    pte_t* pte = pgdir_walk(pgdir, va, false);
    if (pte == nullptr || !(*pte & PTE_P))
        return nullptr;
    if (pte_store != nullptr)
        *pte_store = pte;
    return pa2page(PhysAddr(PTE_ADDR(*pte)));
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2, pgdir, va, pte_store);
    // LAB 2: END SOLUTION
}

void
page_remove(pde_t* pgdir, VirtAddr va)
{
    // LAB 2: BEGIN SOLUTION
    // HINT: unmap va (nothing if unmapped): clear the PTE, invalidate the TLB entry
    //       (tlb_invalidate), drop the page's reference (page_decref). Exercise 4,
    //       doc/labs/lab2.md.
    pte_t* pte;
    PageInfo* pp = page_lookup(pgdir, va, &pte);
    if (pp == nullptr)
        return;
    *pte = 0;
    tlb_invalidate(pgdir, va);
    page_decref(pp);
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2, pgdir, va);
    // LAB 2: END SOLUTION
}

void
tlb_invalidate(pde_t* pgdir, VirtAddr va)
{
    // Only a page directory in some CPU's CR3 has translations in a TLB.
    // Other CPUs with this one loaded flush now (the page may be reused as
    // soon as the caller goes on); the generation tells the rest, which may
    // load it later without writing CR3, that their TLBs may be stale.
    page_table_generation = page_table_generation + 1;
    PhysAddr pgdir_pa = paddr(pgdir);
    if (rcr3() == pgdir_pa.raw())
        invlpg(va.raw());
    tlb_shootdown_users_of(pgdir_pa);
}

void
tlb_invalidate_address_space(pde_t* pgdir)
{
    page_table_generation = page_table_generation + 1;
    PhysAddr pgdir_pa = paddr(pgdir);
    if (rcr3() == pgdir_pa.raw())
        lcr3(pgdir_pa.raw());
    tlb_shootdown_users_of(pgdir_pa);
}

void*
mmio_map_region(PhysAddr pa, size_t size)
{
    // LAB 4: BEGIN SOLUTION
    // HINT: reserve size bytes (rounded to pages) at the next free address from MMIOBASE, map them
    //       to pa uncached (PTE_PCD|PTE_PWT: device registers), return the address of pa there;
    //       panic past MMIOLIM. Returning nullptr leaves the kernel without a LAPIC (one CPU, no
    //       timer). Exercise 1, doc/labs/lab4.md.
    static uintptr_t next = MMIOBASE; // the next free MMIO address
    size = round_up(size, PGSIZE);
    if (size > MMIOLIM - next)
        panic("mmio_map_region: %u bytes at %08x do not fit below MMIOLIM", size, pa.raw());
    // Device registers must not be cached: reads have side effects.
    boot_map_region(kern_pgdir, VirtAddr(next), size, pa.page_down(), PTE_W | PTE_PCD | PTE_PWT);
    void* va = reinterpret_cast<void*>(next + (pa.raw() & (PGSIZE - 1)));
    next += size;
    return va;
    // LAB 4: STUB
    // static_cast<void>(pa);
    // static_cast<void>(size);
    // return nullptr;
    // LAB 4: END SOLUTION
}

Result<PhysAddr>
va2pa(pde_t* pgdir, VirtAddr va)
{
    pde_t pde = pgdir[PDX(va.raw())];
    if (!(pde & PTE_P))
        return Error::fault;
    if (pde & PTE_PS)
        return PhysAddr((pde & ~(PTSIZE - 1)) | (va.raw() & (PTSIZE - 1)));
    auto* table = static_cast<pte_t*>(kaddr(PhysAddr(PTE_ADDR(pde))));
    pte_t pte = table[PTX(va.raw())];
    if (!(pte & PTE_P))
        return Error::fault;
    return PhysAddr(PTE_ADDR(pte) | PGOFF(va.raw()));
}

// Builds the kernel's page directory: the mappings every environment shares.
static void
map_kernel_space()
{
    // LAB 2: BEGIN SOLUTION
    // HINT: map pages at UPAGES (user read-only), envs at UENVS (user read-only), every CPU's
    //       kernel stack below kstacktop(i) with a KSTKGAP hole, and all physical memory at
    //       KERNBASE. inc/memlayout.h has the map; check_kern_pgdir checks it. Exercise 5,
    //       doc/labs/lab2.md.
    // The pages array, read-only to users at UPAGES.
    size_t pages_size = round_up(npages * sizeof(PageInfo), PGSIZE);
    boot_map_region(kern_pgdir, VirtAddr(UPAGES), pages_size, paddr(pages), PTE_U);

    // The environments, read-only to users at UENVS.
    boot_map_region(kern_pgdir, VirtAddr(UENVS), round_up(NENV * sizeof(Env), PGSIZE), paddr(envs),
                    PTE_U);

    // Every CPU's kernel stack, with an unmapped gap of KSTKGAP below each, so
    // an overflow faults instead of running into the next stack.
    for (int i = 0; i < NCPU; i++) {
        boot_map_region(kern_pgdir, VirtAddr(kstacktop(i) - KSTKSIZE), KSTKSIZE,
                        paddr(percpu_kstacks[i]), PTE_W);
    }

    // All of physical memory at KERNBASE, with 4 MiB pages where the CPU has them.
    boot_map_region(kern_pgdir, VirtAddr(KERNBASE), DIRECT_MAP_LIMIT, PhysAddr(0), PTE_W, true);
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2);
    // LAB 2: END SOLUTION
}

void
mem_init()
{
    i386_detect_memory();

    kern_pgdir = static_cast<pde_t*>(boot_alloc(PGSIZE));
    memset(kern_pgdir, 0, PGSIZE);
    // The page directory maps itself at UVPT, so users can read their page tables there.
    kern_pgdir[PDX(UVPT)] = paddr(kern_pgdir).raw() | PTE_U | PTE_P;

    // LAB 2: BEGIN SOLUTION
    // HINT: allocate the pages array (one PageInfo per physical page) with boot_alloc and zero it.
    //       Exercise 1, doc/labs/lab2.md.
    pages = static_cast<PageInfo*>(boot_alloc(npages * sizeof(PageInfo)));
    memset(pages, 0, npages * sizeof(PageInfo));
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2);
    // LAB 2: END SOLUTION
    envs = static_cast<Env*>(boot_alloc(NENV * sizeof(Env)));
    memset(envs, 0, NENV * sizeof(Env));

    check_memory_is_enough();
    page_init();
    check_page_free_list(true);
    check_page_alloc();
    check_page();

    map_kernel_space();
    check_kern_pgdir();

    load_pgdir(paddr(kern_pgdir));
    check_page_free_list(false);

    // Paging on, write protection honoured in the kernel too, no FPU emulation.
    uint32_t cr0 = rcr0();
    cr0 |= CR0_PE | CR0_PG | CR0_AM | CR0_WP | CR0_NE | CR0_MP;
    cr0 &= ~(CR0_TS | CR0_EM);
    lcr0(cr0);

    check_page_installed_pgdir();
}
