// The block cache: the whole disk is a window of virtual memory at DISKMAP.
// A block's page is read from disk on the first touch (a page fault) and
// written back by flush_block when the processor's dirty bit says it changed.
// Invariant: a mapped block page whose PTE_D is clear equals the block on disk.

#include "fs.h"

static_assert(DISKMAP + DISKSIZE <= OPENFILE_FD_VA, "the disk window overlaps the Fd pages");
static_assert(BLKSIZE == PGSIZE, "one block per page");

[[maybe_unused]] static bool
in_disk_window(uintptr_t va)
{
    return va >= DISKMAP && va < DISKMAP + DISKSIZE;
}

[[maybe_unused]] static uint32_t
blockno_of(uintptr_t va)
{
    return (va - DISKMAP) / BLKSIZE;
}

void*
diskaddr(uint32_t blockno)
{
    if (blockno == 0 || blockno >= DISKSIZE / BLKSIZE ||
        (super != nullptr && blockno >= super->s_nblocks))
        panic("diskaddr: bad block number %u", blockno);
    return reinterpret_cast<void*>(DISKMAP + blockno * BLKSIZE);
}

bool
va_is_mapped(const void* va)
{
    uintptr_t a = reinterpret_cast<uintptr_t>(va);
    // The page table itself may be absent; then uvpt has no entry to read.
    return (uvpd[PDX(a)] & PTE_P) && (uvpt[PGNUM(a)] & PTE_P);
}

bool
va_is_dirty(const void* va)
{
    return va_is_mapped(va) && (uvpt[PGNUM(reinterpret_cast<uintptr_t>(va))] & PTE_D);
}

// Maps the page onto itself with the permissions it has: the kernel builds a
// new PTE from those bits alone, so the hardware-set dirty bit goes away.
[[maybe_unused]] static void
clear_dirty(void* page)
{
    int perm = uvpt[PGNUM(reinterpret_cast<uintptr_t>(page))] & PTE_SYSCALL;
    int r = sys_page_map(0, page, 0, page, perm);
    if (r < 0)
        panic("block cache: clearing the dirty bit at %p: %e", page, r);
}

void
flush_block(void* addr)
{
    // LAB 5: BEGIN SOLUTION
    // HINT: write the block holding addr to disk if its page is dirty (PTE_D), then clear the
    //       dirty bit. Exercise 2, doc/labs/lab5.md.
    uintptr_t va = reinterpret_cast<uintptr_t>(addr);
    if (!in_disk_window(va))
        panic("flush_block of %08x, outside the disk", va);
    void* page = reinterpret_cast<void*>(round_down(va, BLKSIZE));
    if (!va_is_dirty(page))
        return;
    uint32_t blockno = blockno_of(va);
    Error r = ide_write(blockno * BLKSECTS, page, BLKSECTS);
    if (r != Error::ok)
        panic("flush_block: writing block %u: %e", blockno, to_int(r));
    clear_dirty(page);
    // LAB 5: STUB
    // NOT_IMPLEMENTED(5, addr);
    // LAB 5: END SOLUTION
}

void
bc_discard(void* addr)
{
    void* page = reinterpret_cast<void*>(round_down(reinterpret_cast<uintptr_t>(addr), BLKSIZE));
    int r = sys_page_unmap(0, page);
    if (r < 0)
        panic("bc_discard %p: %e", page, r);
}

void*
bc_zero_block(uint32_t blockno)
{
    void* page = diskaddr(blockno);
    // A fresh page is already zero, so the disk's old contents need not be read.
    int r = sys_page_alloc(0, page, PTE_P | PTE_U | PTE_W);
    if (r < 0)
        panic("bc_zero_block %u: %e", blockno, r);
    // Any store sets PTE_D, so flush_block writes the zeros out; volatile keeps
    // the compiler from dropping a store of the value already there.
    *static_cast<volatile uint32_t*>(page) = 0;
    return page;
}

// Faults in a block: allocate its page and fill it from disk. Faults anywhere
// else are server bugs, so they panic with the details.
static void
bc_pgfault(UTrapframe* utf)
{
    // LAB 5: BEGIN SOLUTION
    // HINT: a miss in the disk window: map a page at the faulting block and read the block from
    //       disk (ide_read, BLKSECTS sectors). Exercise 2, doc/labs/lab5.md.
    uintptr_t va = utf->utf_fault_va;
    // A protection fault means the page was there: not a miss.
    if (!in_disk_window(va) || (utf->utf_err & FEC_PR))
        panic("page fault at va %08x, eip %08x, err %x: not a block cache miss", va, utf->utf_eip,
              utf->utf_err);
    uint32_t blockno = blockno_of(va);
    if (super != nullptr && blockno >= super->s_nblocks)
        panic("page fault at va %08x, eip %08x: block %u is past the end of the disk", va,
              utf->utf_eip, blockno);
    void* page = reinterpret_cast<void*>(round_down(va, BLKSIZE));
    int r = sys_page_alloc(0, page, PTE_P | PTE_U | PTE_W);
    if (r < 0)
        panic("block cache: no page for block %u: %e", blockno, r);
    Error e = ide_read(blockno * BLKSECTS, page, BLKSECTS);
    if (e != Error::ok)
        panic("block cache: reading block %u: %e", blockno, to_int(e));
    // insl stored into the page, which set PTE_D, but the page equals the disk.
    clear_dirty(page);
    // Nothing should look inside a free block: that means a dangling pointer.
    // Checked only now, because when the block is the bitmap's own first
    // block, block_is_free reads the very page this fault is bringing in.
    // The bitmap's own blocks are exempt: the boot check (check_bitmap) reads
    // them to repair a bitmap that calls them free.
    if (bitmap != nullptr && is_data_block(blockno) && block_is_free(blockno))
        panic("page fault at va %08x, eip %08x: reading free block %u", va, utf->utf_eip, blockno);
    // LAB 5: STUB
    // NOT_IMPLEMENTED(5, utf);
    // LAB 5: END SOLUTION
}

// Modifies the superblock through the cache, flushes it, drops the page and
// reads the block back, to see each path of the cache work; then restores it.
static void
check_bc()
{
    char* block = static_cast<char*>(diskaddr(1));
    Super saved;
    memcpy(&saved, block, sizeof(saved));

    const char probe[] = "block cache probe\n";
    strcpy(block, probe);
    if (!va_is_dirty(block))
        panic("check_bc: a written block page is not dirty");
    flush_block(block);
    if (!va_is_mapped(block) || va_is_dirty(block))
        panic("check_bc: flush_block left the page unmapped or dirty");
    bc_discard(block);
    if (va_is_mapped(block))
        panic("check_bc: bc_discard left the page mapped");
    if (strcmp(block, probe) != 0)
        panic("check_bc: the block read back from disk differs from what was flushed");

    memcpy(block, &saved, sizeof(saved));
    flush_block(block);
    // Flushing a block that is not cached must do nothing (and not fault it in).
    bc_discard(block);
    flush_block(block);
    if (va_is_mapped(block))
        panic("check_bc: flush_block faulted in an uncached block");
    if (memcmp(block, &saved, sizeof(saved)) != 0)
        panic("check_bc: the superblock was not restored");
    cprintf("block cache is good\n");
}

void
bc_init()
{
    set_pgfault_handler(bc_pgfault);
    check_bc();
}
