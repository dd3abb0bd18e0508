// File contents: mapping a file's block numbers to disk blocks (ten direct
// pointers, then one indirect block of NINDIRECT pointers), reading, writing,
// resizing and flushing. A block pointer of 0 means "no block yet" (a hole).
// Every other pointer comes from the disk and is checked (usable_block)
// before the cache is asked for its block.

#include "fs.h"

bool
fs_init()
{
    uint32_t disk_sectors = ide_init();
    bc_init();
    super = static_cast<Super*>(diskaddr(1));
    if (!check_super(disk_sectors))
        return false;
    check_tree();
    bitmap = static_cast<uint32_t*>(diskaddr(2));
    check_bitmap();
    repair_bitmap();
    return true;
}

Error
file_check(const File* f)
{
    if (f->f_type != FTYPE_REG && f->f_type != FTYPE_DIR) {
        cprintf("fs: %.127s: unknown file type %u\n", f->f_name, f->f_type);
        return Error::inval;
    }
    if (f->f_size < 0 || f->f_size > MAXFILESIZE) {
        cprintf("fs: %.127s: size %d is not 0..%d\n", f->f_name, f->f_size, MAXFILESIZE);
        return Error::inval;
    }
    if (f->f_type == FTYPE_DIR && f->f_size % sizeof(File) != 0) {
        cprintf("fs: %.127s: directory size %d is not a whole number of entries\n", f->f_name,
                f->f_size);
        return Error::inval;
    }
    return Error::ok;
}

// The number of blocks a file of size bytes uses.
static uint32_t
blocks_for(off_t size)
{
    return (static_cast<uint32_t>(size) + BLKSIZE - 1) / BLKSIZE;
}

Result<uint32_t*>
file_block_walk(File* f, uint32_t filebno, bool alloc)
{
    // LAB 5: BEGIN SOLUTION
    // HINT: the slot for block filebno: f_direct, or the indirect block (made if alloc).
    //       Errors: inval (past NINDIRECT), not_found (no indirect block, !alloc). Exercise 4,
    //       doc/labs/lab5.md.
    if (filebno < NDIRECT)
        return &f->f_direct[filebno];
    filebno -= NDIRECT;
    if (filebno >= NINDIRECT)
        return Error::inval;
    if (f->f_indirect == 0) {
        if (!alloc)
            return Error::not_found;
        Result<uint32_t> b = alloc_block();
        if (!b.ok())
            return b.error();
        bc_zero_block(b.value()); // all pointers 0: every block a hole
        f->f_indirect = b.value();
    } else if (!usable_block(f, f->f_indirect)) {
        return Error::inval;
    }
    return &static_cast<uint32_t*>(diskaddr(f->f_indirect))[filebno];
    // LAB 5: STUB
    // NOT_IMPLEMENTED(5, f, filebno, alloc);
    // LAB 5: END SOLUTION
}

Result<char*>
file_get_block(File* f, uint32_t filebno)
{
    // LAB 5: BEGIN SOLUTION
    // HINT: the in-memory address of f's block filebno, allocating a zeroed block for a hole.
    //       Exercise 4, doc/labs/lab5.md.
    Result<uint32_t*> slot = file_block_walk(f, filebno, true);
    if (!slot.ok())
        return slot.error();
    if (*slot.value() == 0) {
        Result<uint32_t> b = alloc_block();
        if (!b.ok())
            return b.error();
        // Zeroed, so a file never shows what a deleted file left on the disk.
        bc_zero_block(b.value());
        *slot.value() = b.value();
    } else if (!usable_block(f, *slot.value())) {
        return Error::inval;
    }
    return static_cast<char*>(diskaddr(*slot.value()));
    // LAB 5: STUB
    // NOT_IMPLEMENTED(5, f, filebno);
    // LAB 5: END SOLUTION
}

Result<char*>
file_peek_block(File* f, uint32_t filebno)
{
    Result<uint32_t*> slot = file_block_walk(f, filebno, false);
    if (!slot.ok() && slot.error() == Error::not_found)
        return static_cast<char*>(nullptr); // no indirect block: a hole
    if (!slot.ok())
        return slot.error();
    uint32_t b = *slot.value();
    if (b == 0)
        return static_cast<char*>(nullptr);
    if (!usable_block(f, b))
        return Error::inval;
    return static_cast<char*>(diskaddr(b));
}

Result<int32_t>
file_read(File* f, void* buf, size_t count, off_t offset)
{
    if (offset < 0)
        return Error::inval;
    if (offset >= f->f_size)
        return 0;
    uint32_t n = min<uint32_t>(count, f->f_size - offset);
    auto* dst = static_cast<char*>(buf);
    uint32_t pos = offset;
    for (uint32_t end = offset + n; pos < end;) {
        uint32_t chunk = min(end - pos, BLKSIZE - pos % BLKSIZE);
        Result<char*> block = file_peek_block(f, pos / BLKSIZE);
        if (!block.ok()) {
            if (pos == static_cast<uint32_t>(offset))
                return block.error();
            break; // an unusable block: report the bytes before it
        }
        if (block.value() != nullptr)
            memmove(dst, block.value() + pos % BLKSIZE, chunk);
        else
            memset(dst, 0, chunk);
        dst += chunk;
        pos += chunk;
    }
    return static_cast<int32_t>(pos - offset);
}

Result<int32_t>
file_write(File* f, const void* buf, size_t count, off_t offset)
{
    if (offset < 0 || offset > MAXFILESIZE || count > static_cast<uint32_t>(MAXFILESIZE - offset))
        return Error::inval;
    auto* src = static_cast<const char*>(buf);
    uint32_t pos = offset;
    for (uint32_t end = offset + count; pos < end;) {
        Result<char*> block = file_get_block(f, pos / BLKSIZE);
        if (!block.ok()) {
            if (pos == static_cast<uint32_t>(offset))
                return block.error();
            break; // the disk is full: report what did get written
        }
        uint32_t chunk = min(end - pos, BLKSIZE - pos % BLKSIZE);
        memmove(block.value() + pos % BLKSIZE, src, chunk);
        src += chunk;
        pos += chunk;
    }
    // The new size reaches the disk with the next flush of the file, after its data.
    if (pos > static_cast<uint32_t>(f->f_size))
        f->f_size = pos;
    return static_cast<int32_t>(pos - offset);
}

// Frees the blocks from the file's block number first on. A pointer that
// fails usable_block is dropped without freeing: the block is not the file's.
static void
file_free_blocks_from(File* f, uint32_t first)
{
    for (uint32_t bno = first; bno < blocks_for(f->f_size); bno++) {
        Result<uint32_t*> slot = file_block_walk(f, bno, false);
        if (!slot.ok())
            break; // no usable indirect block: nothing more to free
        if (*slot.value() != 0 && usable_block(f, *slot.value()))
            free_block(*slot.value());
        *slot.value() = 0;
    }
    if (first <= NDIRECT && f->f_indirect != 0) {
        if (usable_block(f, f->f_indirect))
            free_block(f->f_indirect);
        f->f_indirect = 0;
    }
}

Error
file_set_size(File* f, off_t newsize)
{
    if (newsize < 0 || newsize > MAXFILESIZE)
        return Error::inval;
    bool shrinking = newsize < f->f_size;
    if (shrinking)
        file_free_blocks_from(f, blocks_for(newsize));
    f->f_size = newsize;
    // The pointers to the freed blocks must be gone from the disk before the
    // bitmap there says the blocks are free (bitmap.cpp).
    if (is_data_block(f->f_indirect))
        flush_block(diskaddr(f->f_indirect));
    flush_block(f);
    if (shrinking)
        flush_bitmap();
    return Error::ok;
}

void
file_flush(File* f)
{
    // Data first, then the pointers to it, then the entry holding size and pointers.
    for (uint32_t bno = 0; bno < blocks_for(f->f_size); bno++) {
        Result<uint32_t*> slot = file_block_walk(f, bno, false);
        if (!slot.ok())
            break;
        // Only a block the server wrote can be dirty; a bad pointer names none.
        if (is_data_block(*slot.value()))
            flush_block(diskaddr(*slot.value()));
    }
    if (is_data_block(f->f_indirect))
        flush_block(diskaddr(f->f_indirect));
    flush_block(f);
}

void
fs_sync()
{
    for (uint32_t b = 1; b < super->s_nblocks; b++)
        flush_block(diskaddr(b));
}
