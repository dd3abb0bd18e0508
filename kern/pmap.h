// Physical memory and page tables: the page allocator (kern/page_alloc.cpp),
// page-table management and the kernel address space (kern/pmap.cpp).
#pragma once

#include <kern/kernel.h>
#include <inc/addr.h>
#include <inc/assert.h>
#include <inc/error.h>
#include <inc/memlayout.h>

extern "C" {
extern char bootstacktop[], bootstack[];
extern pde_t entry_pgdir[];
}

// Set once by mem_init, read-only afterwards.
extern PageInfo* pages;
extern size_t npages;
extern pde_t* kern_pgdir;

// The kernel maps all physical memory at KERNBASE, so it can reach at most this much.
constexpr uint64_t DIRECT_MAP_LIMIT = 0x100000000ull - KERNBASE;

// Detects memory, builds kern_pgdir and switches to it, running the self-checks.
void mem_init();

// Boot steps of mem_init (kern/page_alloc.cpp).
void i386_detect_memory();
void* boot_alloc(uint32_t n);
// Panics with the memory to give if too little is left after the boot tables.
void check_memory_is_enough();
void page_init();
// The free list's head, for the self-checks that reorder and restore it.
PageInfo*& page_free_list_head();

// --- Converting addresses: the one place physical and virtual meet. ---

// The kernel virtual address of physical address pa. Panics if pa is outside the direct map.
void* _kaddr(const char* file, int line, PhysAddr pa);
#define kaddr(pa) _kaddr(__FILE__, __LINE__, pa)

// The physical address of kernel virtual address kva. Panics if kva is below KERNBASE.
PhysAddr _paddr(const char* file, int line, const void* kva);
#define paddr(kva) _paddr(__FILE__, __LINE__, kva)

inline PhysAddr
page2pa(const PageInfo* pp)
{
    return PhysAddr(static_cast<uint32_t>(pp - pages) << PGSHIFT);
}

inline PageInfo*
pa2page(PhysAddr pa)
{
    if ((pa.raw() >> PGSHIFT) >= npages)
        panic("pa2page called with invalid pa %08x", pa.raw());
    return &pages[pa.raw() >> PGSHIFT];
}

inline void*
page2kva(const PageInfo* pp)
{
    return kaddr(page2pa(pp));
}

// --- Physical pages. ---

enum AllocFlags { ALLOC_ZERO = 1 << 0 };

// Returns a free page with pp_ref 0 (the caller counts its own references),
// zeroed if flags has ALLOC_ZERO; nullptr when memory is exhausted.
PageInfo* page_alloc(int flags);
// Returns a page to the free list. The page must have pp_ref 0.
void page_free(PageInfo* pp);
// Drops a reference; frees the page when none is left.
void page_decref(PageInfo* pp);
// The number of pages on the free list.
size_t page_free_count();

// --- Page tables. ---

// The page table entry for va in pgdir, creating the page table if create is
// true. Returns nullptr if there is no page table and create is false, if the
// allocation fails, or if va lies in a 4 MiB page.
pte_t* pgdir_walk(pde_t* pgdir, VirtAddr va, bool create);

// Maps [va, va+size) to [pa, pa+size) with perm|PTE_P, for static kernel
// mappings set up at boot (no reference counts). Uses 4 MiB pages where large
// is true and the CPU supports them.
void boot_map_region(pde_t* pgdir, VirtAddr va, size_t size, PhysAddr pa, int perm,
                     bool large = false);

// Maps pp at va with perm|PTE_P, replacing any mapping there; pp_ref grows by
// one. Mapping the same page again at the same va only changes the permissions.
// Errors: no_mem (no page for a page table).
[[nodiscard]] Error page_insert(pde_t* pgdir, PageInfo* pp, VirtAddr va, int perm);

// The page mapped at va, or nullptr. If pte_store is given, *pte_store is the entry.
PageInfo* page_lookup(pde_t* pgdir, VirtAddr va, pte_t** pte_store = nullptr);

// Unmaps va (if mapped), dropping the page's reference and flushing the TLB.
void page_remove(pde_t* pgdir, VirtAddr va);

// Flushes va's translation, if pgdir is the one in use.
void tlb_invalidate(pde_t* pgdir, VirtAddr va);

// Flushes every translation of pgdir, on every CPU that has it loaded: after
// a change to many of its entries at once (a page table unhooked).
void tlb_invalidate_address_space(pde_t* pgdir);

// The physical address va maps to in pgdir (4 KiB or 4 MiB pages).
// Errors: fault (nothing is mapped at va).
Result<PhysAddr> va2pa(pde_t* pgdir, VirtAddr va);

// Reserves size bytes (rounded up to pages) of the MMIO region and maps them
// to [pa, pa+size) uncached; returns the virtual address. Panics past MMIOLIM.
void* mmio_map_region(PhysAddr pa, size_t size);

// Whether the CPU supports 4 MiB pages.
bool cpu_has_pse();

// --- Checking user pointers (kern/user_mem.cpp). ---

struct Env;

// Whether env may access [va, va+len) with perm (plus PTE_P) as the MMU would
// allow it (directory and table permissions combined), entirely below
// ULIM. On failure user_mem_check_addr is the first address that is not.
bool user_mem_check(const Env& env, uintptr_t va, size_t len, uint32_t perm);
extern uintptr_t user_mem_check_addr;

// Destroys env (with JOS's message) unless user_mem_check passes. System
// calls check through UserPtr<T>::check instead (kern/user_ptr.h).
void user_mem_assert(Env& env, uintptr_t va, size_t len, uint32_t perm);

// --- Boot-time self-checks (kern/pmap_check.cpp, kern/pgdir_check.cpp). ---
void check_page_free_list(bool only_low_memory);
void check_page_alloc();
void check_page();
void check_kern_pgdir();
void check_page_installed_pgdir();
