// The superblock and the free-block bitmap. Allocation writes the bitmap at
// once, so the disk never shows a block in use as free. Freeing does not:
// the caller writes the bitmap (flush_bitmap) only after the pointers to the
// freed blocks are gone from the disk, so a crash in between leaks blocks
// instead of leaving a file pointing at free ones.

#include "fs.h"

Super* super;
uint32_t* bitmap;

uint32_t
bitmap_blocks()
{
    return (super->s_nblocks + BLKBITSIZE - 1) / BLKBITSIZE;
}

// The first block that may hold file data: after the superblock and bitmap.
static uint32_t
first_data_block()
{
    return 2 + bitmap_blocks();
}

bool
check_super(uint32_t disk_sectors)
{
    const File& root = super->s_root;
    if (super->s_magic != FS_MAGIC)
        cprintf("fs: bad superblock: magic number %08x, want %08x\n", super->s_magic, FS_MAGIC);
    else if (super->s_nblocks > DISKSIZE / BLKSIZE)
        cprintf("fs: bad superblock: %u blocks, more than the %u DISKMAP can hold\n",
                super->s_nblocks, DISKSIZE / BLKSIZE);
    else if (super->s_nblocks > disk_sectors / BLKSECTS)
        cprintf("fs: bad superblock: %u blocks, but the disk holds only %u\n", super->s_nblocks,
                disk_sectors / BLKSECTS);
    else if (super->s_nblocks <= first_data_block())
        cprintf("fs: bad superblock: %u blocks leave no room for data\n", super->s_nblocks);
    else if (root.f_type != FTYPE_DIR)
        cprintf("fs: bad superblock: the root directory has type %u, want %u\n", root.f_type,
                FTYPE_DIR);
    else if (root.f_size < 0 || root.f_size > MAXFILESIZE || root.f_size % sizeof(File) != 0)
        cprintf(
            "fs: bad superblock: the root directory's size %d is not a whole number of entries\n",
            root.f_size);
    else {
        cprintf("superblock is good\n");
        return true;
    }
    return false;
}

bool
is_data_block(uint32_t blockno)
{
    return blockno >= first_data_block() && blockno < super->s_nblocks;
}

bool
usable_block(const File* f, uint32_t blockno)
{
    if (!is_data_block(blockno)) {
        cprintf("fs: %s: block %u is out of range (data blocks are %u..%u)\n", f->f_name, blockno,
                first_data_block(), super->s_nblocks - 1);
        return false;
    }
    if (block_is_free(blockno)) {
        cprintf("fs: %s: block %u is marked free\n", f->f_name, blockno);
        return false;
    }
    return true;
}

void
mark_in_use(uint32_t blockno)
{
    bitmap[blockno / 32] &= ~(1u << (blockno % 32));
}

bool
block_is_free(uint32_t blockno)
{
    if (bitmap == nullptr || blockno >= super->s_nblocks)
        return false;
    return bitmap[blockno / 32] & (1u << (blockno % 32));
}

void
check_bitmap()
{
    // The boot block, the superblock and the bitmap itself are never free.
    uint32_t repaired = 0;
    for (uint32_t b = 0; b < first_data_block(); b++) {
        if (block_is_free(b)) {
            mark_in_use(b);
            repaired++;
        }
    }
    if (repaired != 0) {
        cprintf("fs: repaired the bitmap: %u reserved blocks were marked free\n", repaired);
        flush_bitmap();
    }
    cprintf("bitmap is good\n");
}

void
free_block(uint32_t blockno)
{
    if (blockno < first_data_block() || blockno >= super->s_nblocks)
        panic("free_block: block %u is not a data block", blockno);
    if (block_is_free(blockno))
        panic("free_block: block %u is already free", blockno);
    bitmap[blockno / 32] |= 1u << (blockno % 32);
    // Its contents no longer matter: never write them back.
    bc_discard(diskaddr(blockno));
}

Result<uint32_t>
alloc_block()
{
    // LAB 5: BEGIN SOLUTION
    // HINT: find a free data block in the bitmap (a set bit), mark it used, flush the bitmap
    //       block; Error::no_disk if none. Exercise 3, doc/labs/lab5.md.
    uint32_t nblocks = super->s_nblocks;
    // Whole words first: a non-zero word has a free block in it.
    for (uint32_t w = first_data_block() / 32; w * 32 < nblocks; w++) {
        if (bitmap[w] == 0)
            continue;
        for (uint32_t b = w * 32; b < w * 32 + 32 && b < nblocks; b++) {
            if (b < first_data_block() || !block_is_free(b))
                continue;
            bitmap[w] &= ~(1u << (b % 32));
            flush_block(&bitmap[w]);
            return b;
        }
    }
    return Error::no_disk;
    // LAB 5: STUB
    // NOT_IMPLEMENTED(5);
    // LAB 5: END SOLUTION
}

void
flush_bitmap()
{
    for (uint32_t i = 0; i < bitmap_blocks(); i++)
        flush_block(diskaddr(2 + i));
}
