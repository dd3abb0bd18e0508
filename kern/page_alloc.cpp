// The physical page allocator. A page is free iff it is on page_free_list, and
// then its pp_ref is 0. Before the allocator exists, boot_alloc hands out memory
// right after the kernel image.

#include <kern/cmos.h>
#include <kern/monitor.h>
#include <kern/pmap.h>
#include <inc/stdio.h>
#include <inc/string.h>

PageInfo* pages;
size_t npages;
static size_t npages_basemem; // pages of conventional memory below 640 KiB
static PageInfo* page_free_list;

extern "C" char end[]; // first byte after the kernel image (kern/kernel.ld)

// Reads the memory sizes the BIOS stored in CMOS and sets npages.
void
i386_detect_memory()
{
    uint32_t basemem_kb = nvram_read16(NVRAM_BASELO);
    uint32_t extmem_kb = nvram_read16(NVRAM_EXTLO);
    uint32_t ext16mem_kb = nvram_read16(NVRAM_EXT16LO) * 64;

    uint64_t total_kb;
    if (ext16mem_kb != 0)
        total_kb = 16 * 1024 + ext16mem_kb;
    else if (extmem_kb != 0)
        total_kb = 1024 + extmem_kb;
    else
        total_kb = basemem_kb;

    // LAB 2: BEGIN SOLUTION
    // HINT: memory above DIRECT_MAP_LIMIT cannot be reached through KERNBASE: ignore it, and say
    //       so. Exercise 1, doc/labs/lab2.md; test_memory_above_what_kernbase_maps_is_ignored.
    constexpr uint64_t limit_kb = DIRECT_MAP_LIMIT / 1024;
    if (total_kb > limit_kb) {
        cprintf("Physical memory: ignoring %uK above the %uK KERNBASE can map\n",
                static_cast<uint32_t>(total_kb - limit_kb), static_cast<uint32_t>(limit_kb));
        total_kb = limit_kb;
    }
    // LAB 2: STUB
    // // The first exercise of lab 2 on the boot path: until it is written, the
    // // kernel stops here at the monitor, without a panic, so lab 1 still passes.
    // cprintf("%s: not implemented (lab 2, doc/labs/lab2.md); no memory management yet: "
    //         "the kernel stops at the monitor\n", __func__);
    // for (;;)
    //     monitor(nullptr);
    // LAB 2: END SOLUTION
    npages = static_cast<size_t>(total_kb / (PGSIZE / 1024));
    npages_basemem = basemem_kb / (PGSIZE / 1024);

    cprintf("Physical memory: %uK available, base = %uK, extended = %uK\n",
            static_cast<uint32_t>(npages * (PGSIZE / 1024)),
            static_cast<uint32_t>(npages_basemem * (PGSIZE / 1024)),
            static_cast<uint32_t>((npages - npages_basemem) * (PGSIZE / 1024)));
}

// Allocates n bytes (rounded up to whole pages) of boot memory, right after the
// kernel image, and returns its kernel virtual address. Only for use before the
// page allocator runs; the memory is never freed. boot_alloc(0) returns the
// next free address without allocating.
void*
boot_alloc(uint32_t n)
{
    [[maybe_unused]] static char* nextfree; // next free byte; set on first use
    // LAB 2: BEGIN SOLUTION
    // HINT: return the next page-aligned free kernel address after `end` and move it n bytes on
    //       (rounded up to PGSIZE); boot_alloc(0) only reports it. Only the first 4 MiB are mapped
    //       this early: panic past KERNBASE + BOOT_MAP_SIZE. Exercise 1, doc/labs/lab2.md.
    if (nextfree == nullptr)
        nextfree = reinterpret_cast<char*>(round_up(reinterpret_cast<uintptr_t>(end), PGSIZE));
    char* result = nextfree;
    uint32_t size = round_up(n, PGSIZE);
    uintptr_t limit = KERNBASE + BOOT_MAP_SIZE; // all the boot page directory maps

    if (size > limit - reinterpret_cast<uintptr_t>(nextfree))
        panic("boot_alloc: out of memory allocating %u bytes", n);
    nextfree += size;
    return result;
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2, n);
    // LAB 2: END SOLUTION
}

// The memory the kernel must have free after its image and boot tables to get
// through its self-checks and start a few environments.
static constexpr uint32_t MIN_FREE_AFTER_KERNEL = 512 * 1024;

// Stops the boot with a message that says how much memory to give, instead
// of letting a self-check fail for want of pages (say `make MEMORY=5`). make
// refuses such a MEMORY before booting (conf/qemu-check.sh); this covers
// QEMU started by hand.
void
check_memory_is_enough()
{
    uint32_t kernel_end_pa = paddr(boot_alloc(0)).raw();
    uint32_t needed = kernel_end_pa + MIN_FREE_AFTER_KERNEL;
    if (npages * PGSIZE >= needed)
        return;
    constexpr uint32_t MiB = 1024 * 1024;
    panic("%uK of memory is too small: the kernel and its boot tables end at %uK and need %uK "
          "free after them; give at least %uM (make MEMORY=%u, or QEMU -m %u)",
          static_cast<uint32_t>(npages * (PGSIZE / 1024)), kernel_end_pa / 1024,
          MIN_FREE_AFTER_KERNEL / 1024, round_up(needed, MiB) / MiB, round_up(needed, MiB) / MiB,
          round_up(needed, MiB) / MiB);
}

// Builds the free list from every page that is not in use: not page 0 (the
// real-mode IDT and BIOS data live there), not the I/O hole [640K, 1M), not the
// kernel image or what boot_alloc handed out, and not the AP startup page.
void
page_init()
{
    // LAB 2: BEGIN SOLUTION
    // HINT: put every unused page on page_free_list: not page 0 (real-mode IDT, BIOS data), not
    //       MPENTRY_PADDR (AP start-up code), not [IOPHYSMEM, boot_alloc(0)) (I/O hole, kernel).
    //       Exercise 1, doc/labs/lab2.md.
    size_t first_free_after_kernel = paddr(boot_alloc(0)).raw() / PGSIZE;
    page_free_list = nullptr;
    // Walk downwards, pushing on the front, so the list is in ascending order and
    // early allocations come from low memory (mapped by the boot page directory).
    for (size_t i = npages; i-- > 0;) {
        pages[i].pp_ref = 0;
        pages[i].pp_link = nullptr;
        bool in_use = i == 0 || i == MPENTRY_PADDR / PGSIZE ||
                      (i >= IOPHYSMEM / PGSIZE && i < first_free_after_kernel);
        if (!in_use) {
            pages[i].pp_link = page_free_list;
            page_free_list = &pages[i];
        }
    }
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2);
    // LAB 2: END SOLUTION
}

PageInfo*
page_alloc(int flags)
{
    // LAB 2: BEGIN SOLUTION
    // HINT: take a page off page_free_list (nullptr if none), clear its pp_link, zero it if flags
    //       has ALLOC_ZERO; do not touch pp_ref. Exercise 1, doc/labs/lab2.md.
    PageInfo* pp = page_free_list;
    if (pp == nullptr)
        return nullptr;
    page_free_list = pp->pp_link;
    pp->pp_link = nullptr;
    if (flags & ALLOC_ZERO)
        memset(page2kva(pp), 0, PGSIZE);
    return pp;
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2, flags);
    // LAB 2: END SOLUTION
}

void
page_free(PageInfo* pp)
{
    // LAB 2: BEGIN SOLUTION
    // HINT: return pp to page_free_list; panic if pp_ref is not 0 or pp is already free.
    //       Exercise 1, doc/labs/lab2.md.
    if (pp->pp_ref != 0)
        panic("page_free: page %08x still has %u references", page2pa(pp).raw(), pp->pp_ref);
    if (pp->pp_link != nullptr)
        panic("page_free: page %08x is already free", page2pa(pp).raw());
    pp->pp_link = page_free_list;
    page_free_list = pp;
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2, pp);
    // LAB 2: END SOLUTION
}

void
page_decref(PageInfo* pp)
{
    if (--pp->pp_ref == 0)
        page_free(pp);
}

size_t
page_free_count()
{
    size_t n = 0;
    for (PageInfo* pp = page_free_list; pp != nullptr; pp = pp->pp_link)
        n++;
    return n;
}

// For the self-checks: the head of the free list, which they may reorder and restore.
PageInfo*&
page_free_list_head()
{
    return page_free_list;
}
