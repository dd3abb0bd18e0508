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

void
check_super(uint32_t disk_sectors)
{
    if (super->s_magic != FS_MAGIC)
        panic("bad file system magic number %08x (want %08x)", super->s_magic, FS_MAGIC);
    if (super->s_nblocks > DISKSIZE / BLKSIZE)
        panic("file system has %u blocks, more than the %u DISKMAP can hold", super->s_nblocks,
              DISKSIZE / BLKSIZE);
    if (super->s_nblocks > disk_sectors / BLKSECTS)
        panic("file system has %u blocks, but the disk holds only %u", super->s_nblocks,
              disk_sectors / BLKSECTS);
    if (super->s_nblocks <= first_data_block())
        panic("file system has %u blocks, no room for data", super->s_nblocks);
    if (super->s_root.f_type != FTYPE_DIR || super->s_root.f_size % sizeof(File) != 0)
        panic("the root directory is not an array of File entries");
    cprintf("superblock is good\n");
}

bool
block_is_free(uint32_t blockno)
{
    if (super == nullptr || blockno >= super->s_nblocks)
        return false;
    return bitmap[blockno / 32] & (1u << (blockno % 32));
}

void
check_bitmap()
{
    // The boot block, the superblock and the bitmap itself are never free.
    for (uint32_t b = 0; b < first_data_block(); b++) {
        if (block_is_free(b))
            panic("check_bitmap: reserved block %u is marked free", b);
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
    // LAB 5: END SOLUTION
}

void
flush_bitmap()
{
    for (uint32_t i = 0; i < bitmap_blocks(); i++)
        flush_block(diskaddr(2 + i));
}
