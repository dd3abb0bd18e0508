// The boot-time check of the image, run before the server answers anyone.
// The disk may have been written by anything, so the walk from the root:
//  - records every block a file uses, so that repair_bitmap can mark in use
//    those the bitmap calls free (alloc_block would hand them out again);
//  - reports entries that can never be opened (bad names) and block pointers
//    outside the data blocks. Those are left as they are: the rest of the
//    file stays readable, and using such a pointer fails (fs.cpp checks each
//    one with usable_block);
//  - drops (zeroes) a pointer to a block that an earlier file already uses,
//    so one write or free cannot change two files, and a directory cannot
//    contain itself.
// Only directory and indirect blocks are read, so the check is quick.

#include "fs.h"

// Directories nested deeper are not walked: the server's stack is one page.
static constexpr uint32_t MAX_DEPTH = 8;

static uint8_t reached[DISKSIZE / BLKSIZE / 8]; // bit b: some file uses block b
static char path[MAXPATHLEN];                   // the file being checked, for messages

static bool
is_reached(uint32_t blockno)
{
    return reached[blockno / 8] & (1u << (blockno % 8));
}

static const char*
shown_path()
{
    return path[0] != '\0' ? path : "/";
}

// Takes the block *slot names for the file being checked. Returns whether
// it is now that file's, so its contents may be looked at.
static bool
claim(uint32_t* slot, const char* kind, uint32_t index)
{
    uint32_t b = *slot;
    if (b == 0)
        return false;
    if (!is_data_block(b)) {
        cprintf("fs: check: %s: %s %u is block %u, out of range; using it will fail\n",
                shown_path(), kind, index, b);
        return false;
    }
    if (is_reached(b)) {
        cprintf("fs: check: %s: %s %u is block %u, which another file uses; dropped\n",
                shown_path(), kind, index, b);
        *slot = 0;
        flush_block(slot);
        return false;
    }
    reached[b / 8] |= 1u << (b % 8);
    return true;
}

static void check_file(File* f, uint32_t depth);

// The entries of a directory that live in its filebno'th block, blockno.
static void
check_entries(File* dir, uint32_t filebno, uint32_t blockno, uint32_t depth)
{
    auto* block = static_cast<File*>(diskaddr(blockno));
    uint32_t first = filebno * BLKFILES;
    uint32_t entries = dir->f_size / sizeof(File);
    for (uint32_t i = first; i < entries && i < first + BLKFILES; i++) {
        File* entry = &block[i - first];
        if (entry->f_name[0] == '\0')
            continue; // unused
        size_t len = strnlen(entry->f_name, MAXNAMELEN);
        size_t parent_len = strlen(path);
        if (!valid_name(entry->f_name, len)) {
            cprintf("fs: check: %s: entry %u has a bad name \"%.*s\"; it cannot be opened\n",
                    shown_path(), i, static_cast<int>(min<size_t>(len, 40)), entry->f_name);
            continue;
        }
        if (parent_len + 1 + len >= MAXPATHLEN) {
            cprintf("fs: check: %s: path too long; %.40s not checked\n", shown_path(),
                    entry->f_name);
            continue;
        }
        path[parent_len] = '/';
        memcpy(path + parent_len + 1, entry->f_name, len + 1);
        check_file(entry, depth + 1);
        path[parent_len] = '\0';
    }
}

// Claims the file's blocks (all its pointers, whatever its size says) and,
// for a usable directory, checks its entries.
static void
check_file(File* f, uint32_t depth)
{
    bool walk_entries = f->f_type == FTYPE_DIR && file_check(f) == Error::ok;
    if (walk_entries && depth > MAX_DEPTH) {
        cprintf("fs: check: %s: nested more than %u deep; not checked\n", shown_path(), MAX_DEPTH);
        walk_entries = false;
    }
    for (uint32_t i = 0; i < NDIRECT; i++) {
        if (claim(&f->f_direct[i], "block", i) && walk_entries)
            check_entries(f, i, f->f_direct[i], depth);
    }
    if (!claim(&f->f_indirect, "indirect block", 0))
        return;
    auto* indirect = static_cast<uint32_t*>(diskaddr(f->f_indirect));
    for (uint32_t i = 0; i < NINDIRECT; i++) {
        if (claim(&indirect[i], "block", NDIRECT + i) && walk_entries)
            check_entries(f, NDIRECT + i, indirect[i], depth);
    }
}

void
check_tree()
{
    path[0] = '\0';
    check_file(&super->s_root, 0);
}

void
repair_bitmap()
{
    uint32_t repaired = 0;
    for (uint32_t b = 0; b < super->s_nblocks; b++) {
        if (is_reached(b) && block_is_free(b)) {
            mark_in_use(b);
            repaired++;
        }
    }
    if (repaired != 0) {
        cprintf("fs: repaired the bitmap: %u blocks in use were marked free\n", repaired);
        flush_bitmap();
    }
}
