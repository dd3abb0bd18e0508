// Boot-time self-checks of the page allocator and page-table functions. Each
// drives the real code through normal and edge cases (out of memory, reference
// counts, re-inserting a page where it already is) and prints one line when it
// passes; a failure panics with the broken expectation.

#include <kern/pmap.h>
#include <inc/stdio.h>
#include <inc/string.h>

extern "C" char end[];

// Before kern_pgdir is loaded, only pages below this are reachable.
static constexpr uint32_t BOOT_MAPPED = BOOT_MAP_SIZE;

// Moves the free pages below BOOT_MAPPED to the front of the free list, keeping their order.
static void
low_pages_first()
{
    PageInfo*& head = page_free_list_head();
    PageInfo* low = nullptr;
    PageInfo** low_tail = &low;
    PageInfo* high = nullptr;
    PageInfo** high_tail = &high;
    for (PageInfo* pp = head; pp != nullptr; pp = pp->pp_link) {
        PageInfo**& tail = page2pa(pp).raw() < BOOT_MAPPED ? low_tail : high_tail;
        *tail = pp;
        tail = &pp->pp_link;
    }
    *high_tail = nullptr;
    *low_tail = high;
    head = low;
}

// How much of each free page check_page_free_list overwrites.
static constexpr size_t SCRIBBLE_BYTES = 128;

void
check_page_free_list(bool only_low_memory)
{
    if (page_free_list_head() == nullptr)
        panic("page_free_list is empty");
    if (only_low_memory)
        low_pages_first();

    physaddr_t first_free = paddr(boot_alloc(0)).raw();
    size_t low = 0, high = 0;
    for (PageInfo* pp = page_free_list_head(); pp != nullptr; pp = pp->pp_link) {
        assert(pp >= pages && pp < pages + npages);
        physaddr_t pa = page2pa(pp).raw();
        assert(pa != 0);
        assert(pa < IOPHYSMEM || pa >= EXTPHYSMEM);
        assert(pa < EXTPHYSMEM || pa >= first_free); // kernel image and boot allocations
        assert(pa != MPENTRY_PADDR);
        assert(pp->pp_ref == 0);
        if (pa < BOOT_MAPPED) {
            // Scribble on free pages: code that assumes a fresh page is zeroed
            // fails fast. The first SCRIBBLE_BYTES, as JOS did: the whole page
            // (16 MiB of stores at every boot, twice) took 15 ms of each boot.
            memset(page2kva(pp), 0x97, SCRIBBLE_BYTES);
            low++;
        } else {
            high++;
        }
    }
    assert(low > 0);
    assert(only_low_memory || npages * PGSIZE <= BOOT_MAPPED || high > 0);
    cprintf("check_page_free_list() succeeded!\n");
}

// Allocates three distinct pages.
static void
alloc_three(PageInfo*& a, PageInfo*& b, PageInfo*& c)
{
    a = page_alloc(0);
    b = page_alloc(0);
    c = page_alloc(0);
    assert(a != nullptr && b != nullptr && c != nullptr);
    assert(a != b && b != c && a != c);
}

void
check_page_alloc()
{
    assert(pages != nullptr);
    size_t free_before = page_free_count();

    PageInfo *pp0, *pp1, *pp2;
    alloc_three(pp0, pp1, pp2);
    PageInfo* const first[] = {pp0, pp1, pp2};
    for (PageInfo* pp : first)
        assert(page2pa(pp).raw() < npages * PGSIZE);

    // With the free list taken away, allocation must fail cleanly.
    PageInfo* saved = page_free_list_head();
    page_free_list_head() = nullptr;
    assert(page_alloc(0) == nullptr);

    page_free(pp0);
    page_free(pp1);
    page_free(pp2);
    assert(page_free_count() == 3);
    PageInfo *again0, *again1, *again2;
    alloc_three(again0, again1, again2);
    PageInfo* const second[] = {again0, again1, again2};
    for (PageInfo* pp : second)
        assert(pp == pp0 || pp == pp1 || pp == pp2);
    assert(page_alloc(0) == nullptr);

    // ALLOC_ZERO really zeroes: dirty a page, free it, get it back.
    memset(page2kva(again0), 1, PGSIZE);
    page_free(again0);
    PageInfo* zeroed = page_alloc(ALLOC_ZERO);
    assert(zeroed == again0);
    auto* bytes = static_cast<const uint8_t*>(page2kva(zeroed));
    for (int i = 0; i < PGSIZE; i++)
        assert(bytes[i] == 0);

    page_free_list_head() = saved;
    page_free(zeroed);
    page_free(again1);
    page_free(again2);
    assert(page_free_count() == free_before);
    cprintf("check_page_alloc() succeeded!\n");
}

// Whether va in kern_pgdir maps to pp.
static bool
maps_to(uintptr_t va, const PageInfo* pp)
{
    Result<PhysAddr> pa = va2pa(kern_pgdir, VirtAddr(va));
    return pa.ok() && pa.value() == page2pa(pp);
}

// Whether nothing is mapped at va in kern_pgdir.
static bool
unmapped(uintptr_t va)
{
    return !va2pa(kern_pgdir, VirtAddr(va)).ok();
}

// Removes the page table that maps va and drops its reference.
static void
drop_page_table(uintptr_t va)
{
    PageInfo* table = pa2page(PhysAddr(PTE_ADDR(kern_pgdir[PDX(va)])));
    kern_pgdir[PDX(va)] = 0;
    page_decref(table);
}

void
check_page()
{
    PageInfo *pp0, *pp1, *pp2;
    alloc_three(pp0, pp1, pp2);
    PageInfo* saved = page_free_list_head();
    page_free_list_head() = nullptr;

    // Nothing is mapped at 0; inserting needs a page table and there is no memory.
    pte_t* pte;
    assert(page_lookup(kern_pgdir, VirtAddr(0u), &pte) == nullptr);
    assert(page_insert(kern_pgdir, pp1, VirtAddr(0u), PTE_W) == Error::no_mem);
    assert(pp1->pp_ref == 0);

    // With pp0 free, it becomes the page table.
    page_free(pp0);
    assert(page_insert(kern_pgdir, pp1, VirtAddr(0u), PTE_W) == Error::ok);
    assert(PTE_ADDR(kern_pgdir[0]) == page2pa(pp0).raw());
    assert(maps_to(0, pp1));
    assert(pp0->pp_ref == 1 && pp1->pp_ref == 1);

    // A second page in the same table needs no allocation.
    assert(page_insert(kern_pgdir, pp2, VirtAddr(PGSIZE), PTE_W) == Error::ok);
    assert(maps_to(PGSIZE, pp2) && pp2->pp_ref == 1);
    assert(page_alloc(0) == nullptr);

    // Re-inserting the same page at the same address keeps one reference...
    assert(page_insert(kern_pgdir, pp2, VirtAddr(PGSIZE), PTE_W) == Error::ok);
    assert(maps_to(PGSIZE, pp2) && pp2->pp_ref == 1);
    assert(page_alloc(0) == nullptr);
    // ...and updates the permissions.
    assert(page_insert(kern_pgdir, pp2, VirtAddr(PGSIZE), PTE_W | PTE_U) == Error::ok);
    pte = pgdir_walk(kern_pgdir, VirtAddr(PGSIZE), false);
    assert(pte != nullptr && (*pte & PTE_U) && (*pte & PTE_W));
    assert(kern_pgdir[0] & PTE_U);
    assert(page_insert(kern_pgdir, pp2, VirtAddr(PGSIZE), 0) == Error::ok);
    assert(!(*pte & PTE_W) && !(*pte & PTE_U));

    // pgdir_walk finds entries inside the table and creates nothing when asked not to.
    auto* table = static_cast<pte_t*>(kaddr(PhysAddr(PTE_ADDR(kern_pgdir[0]))));
    assert(pgdir_walk(kern_pgdir, VirtAddr(PGSIZE + 123), false) == table + 1);
    assert(pgdir_walk(kern_pgdir, VirtAddr(PTSIZE), false) == nullptr);
    // A page at a new 4 MiB region needs a new table: no memory.
    assert(page_insert(kern_pgdir, pp0, VirtAddr(PTSIZE), PTE_W) == Error::no_mem);

    // Replacing pp2 with pp1 frees pp2.
    assert(page_insert(kern_pgdir, pp1, VirtAddr(PGSIZE), PTE_W) == Error::ok);
    assert(maps_to(0, pp1) && maps_to(PGSIZE, pp1));
    assert(pp1->pp_ref == 2 && pp2->pp_ref == 0);
    assert(page_alloc(0) == pp2 && page_alloc(0) == nullptr);

    // Removing drops references; the last one frees the page.
    page_remove(kern_pgdir, VirtAddr(0u));
    assert(unmapped(0) && pp1->pp_ref == 1);
    page_remove(kern_pgdir, VirtAddr(PGSIZE));
    assert(unmapped(PGSIZE) && pp1->pp_ref == 0);
    assert(page_alloc(0) == pp1 && page_alloc(0) == nullptr);
    page_remove(kern_pgdir, VirtAddr(2 * PGSIZE)); // unmapped: nothing happens
    assert(page_lookup(kern_pgdir, VirtAddr(PGSIZE), nullptr) == nullptr);

    // pgdir_walk with create allocates a zeroed table and points at the right entry.
    page_free(pp1);
    uintptr_t far = PTSIZE * 3 + 5 * PGSIZE;
    pte = pgdir_walk(kern_pgdir, VirtAddr(far), true);
    assert(pte != nullptr && PTE_ADDR(kern_pgdir[PDX(far)]) == page2pa(pp1).raw());
    assert(pte == static_cast<pte_t*>(page2kva(pp1)) + PTX(far));
    for (int i = 0; i < NPTENTRIES; i++)
        assert(static_cast<pte_t*>(page2kva(pp1))[i] == 0);
    drop_page_table(far);
    drop_page_table(0);
    assert(pp0->pp_ref == 0 && pp1->pp_ref == 0);

    // pp0 and pp1 are now the only free pages; take them off, restore the real list.
    assert(page_free_count() == 2);
    assert(page_alloc(0) != nullptr && page_alloc(0) != nullptr);
    page_free_list_head() = saved;
    page_free(pp0);
    page_free(pp1);
    page_free(pp2);
    cprintf("check_page() succeeded!\n");
}
