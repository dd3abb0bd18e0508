// Boot-time tests of the file layer on the real disk, run before the server
// answers requests. Each prints one line or panics. /newmotd is rewritten
// with its own contents, so clients later find it as the image had it.

#include "fs.h"

static const char NEWMOTD_START[] = "This is the NEW message of the day!";

// Scratch space: the user stack is a single page, too small for blocks.
static char saved[BLKSIZE];
static char scratch[BLKSIZE];

static uint32_t
count_free_blocks()
{
    uint32_t n = 0;
    for (uint32_t b = 0; b < super->s_nblocks; b++)
        n += block_is_free(b);
    return n;
}

static void
test_alloc_block()
{
    uint32_t free_before = count_free_blocks();
    Result<uint32_t> b = alloc_block();
    if (!b.ok())
        panic("alloc_block: %e", to_int(b.error()));
    if (block_is_free(b.value()) || count_free_blocks() != free_before - 1)
        panic("alloc_block: block %u is still marked free", b.value());
    if (va_is_dirty(&bitmap[b.value() / 32]))
        panic("alloc_block: the bitmap was not written to disk");
    free_block(b.value());
    if (!block_is_free(b.value()) || count_free_blocks() != free_before)
        panic("free_block: block %u was not marked free", b.value());
    flush_bitmap(); // the disk's bitmap as it was
    cprintf("alloc_block is good\n");
}

static File*
test_file_open()
{
    Result<File*> missing = file_open("/not-found");
    if (missing.ok() || missing.error() != Error::not_found)
        panic("file_open /not-found: want not_found, got %e", to_int(missing.error()));
    Result<File*> f = file_open("/newmotd");
    if (!f.ok())
        panic("file_open /newmotd: %e", to_int(f.error()));
    cprintf("file_open is good\n");
    return f.value();
}

static char*
test_file_get_block(File* f)
{
    Result<char*> block = file_get_block(f, 0);
    if (!block.ok())
        panic("file_get_block: %e", to_int(block.error()));
    if (strncmp(block.value(), NEWMOTD_START, strlen(NEWMOTD_START)) != 0)
        panic("file_get_block: /newmotd does not start with \"%s\"", NEWMOTD_START);
    cprintf("file_get_block is good\n");
    return block.value();
}

static void
test_file_flush(File* f, char* block)
{
    // Storing a byte over itself is enough for the processor to set PTE_D.
    *static_cast<volatile char*>(block) = *static_cast<volatile char*>(block);
    if (!va_is_dirty(block))
        panic("file_flush: a written block is not dirty");
    file_flush(f);
    if (va_is_dirty(block) || va_is_dirty(f))
        panic("file_flush: the block or the file's entry is still dirty");
    cprintf("file_flush is good\n");
}

static void
test_file_truncate(File* f)
{
    uint32_t first = f->f_direct[0];
    Error r = file_set_size(f, 0);
    if (r != Error::ok)
        panic("file_set_size: %e", to_int(r));
    if (f->f_size != 0 || f->f_direct[0] != 0 || f->f_indirect != 0)
        panic("file_set_size: the entry still has a size or blocks");
    if (!block_is_free(first) || va_is_mapped(diskaddr(first)))
        panic("file_set_size: block %u was not freed", first);
    if (va_is_dirty(f) || va_is_dirty(&bitmap[first / 32]))
        panic("file_set_size: the entry or the bitmap was not written to disk");
    cprintf("file_truncate is good\n");
}

// Writes the saved contents back, then drops the cached block so that the
// read that follows must come from the disk.
static void
test_file_rewrite(File* f, int32_t size)
{
    Result<int32_t> put = file_write(f, saved, size, 0);
    if (!put.ok() || put.value() != size || f->f_size != size)
        panic("file_write: wrote %d of %d bytes", put.ok() ? put.value() : to_int(put.error()),
              size);
    char* block = static_cast<char*>(diskaddr(f->f_direct[0]));
    if (!va_is_dirty(block))
        panic("file_write: the new block is not dirty");
    file_flush(f);
    if (va_is_dirty(block) || va_is_dirty(f))
        panic("file_flush after file_write: still dirty");
    bc_discard(block);
    Result<int32_t> got = file_read(f, scratch, sizeof(scratch), 0);
    if (!got.ok() || got.value() != size || memcmp(scratch, saved, size) != 0)
        panic("file_read after file_write: the disk does not hold what was written");
    cprintf("file rewrite is good\n");
}

// Creates a file that needs the indirect block, reads it back and removes it:
// afterwards every block it used must be free again. Prints nothing.
static void
test_big_file()
{
    const char* path = "/fs-selftest-big";
    uint32_t nblocks = NDIRECT + 2;
    uint32_t free_before = count_free_blocks();
    int32_t root_size = super->s_root.f_size;
    bool root_had_indirect = super->s_root.f_indirect != 0;
    Result<File*> f = file_create(path, FTYPE_REG);
    if (!f.ok())
        panic("file_create %s: %e", path, to_int(f.error()));
    for (uint32_t i = 0; i < nblocks; i++) {
        memset(scratch, 'a' + i, sizeof(scratch));
        Result<int32_t> put = file_write(f.value(), scratch, BLKSIZE, i * BLKSIZE);
        if (!put.ok() || put.value() != BLKSIZE)
            panic("file_write of block %u of %s failed", i, path);
    }
    if (f.value()->f_indirect == 0)
        panic("file_write: %u blocks but no indirect block", nblocks);
    for (uint32_t i = 0; i < nblocks; i++) {
        Result<int32_t> got = file_read(f.value(), scratch, BLKSIZE, i * BLKSIZE);
        if (!got.ok() || got.value() != BLKSIZE || scratch[0] != static_cast<char>('a' + i) ||
            scratch[BLKSIZE - 1] != static_cast<char>('a' + i))
            panic("file_read of block %u of %s: wrong contents", i, path);
    }
    Error r = file_remove(path);
    if (r != Error::ok)
        panic("file_remove %s: %e", path, to_int(r));
    Result<File*> gone = file_open(path);
    if (gone.ok())
        panic("file_remove: %s can still be opened", path);
    // The root directory keeps the block it may have grown by for the new
    // entry (its size counts entries, so it grows by one entry into a new
    // block when its blocks are full: a disk with many files, like
    // badelf.img), and the indirect block it needed past NDIRECT blocks.
    auto blocks = [](int32_t size) {
        return (static_cast<uint32_t>(size) + BLKSIZE - 1) / BLKSIZE;
    };
    uint32_t root_growth = blocks(super->s_root.f_size) - blocks(root_size) +
                           (!root_had_indirect && super->s_root.f_indirect != 0 ? 1 : 0);
    if (count_free_blocks() != free_before - root_growth)
        panic("file_remove: %s left blocks allocated", path);
}

void
fs_test()
{
    test_alloc_block();
    File* f = test_file_open();
    char* block = test_file_get_block(f);

    int32_t size = f->f_size;
    if (size > BLKSIZE)
        panic("fs_test: /newmotd is %d bytes, more than the one block the test saves", size);
    Result<int32_t> got = file_read(f, saved, size, 0);
    if (!got.ok() || got.value() != size)
        panic("file_read of /newmotd failed");

    test_file_flush(f, block);
    test_file_truncate(f);
    test_file_rewrite(f, size);
    test_big_file();
}
