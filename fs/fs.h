// The file server's internal interfaces, layer by layer: the disk driver, the
// block cache, the block bitmap, files and directories, the open-file table.
// The server is one single-threaded environment, so nothing here takes a lock.
#pragma once

#include <inc/fs.h>
#include <inc/fsipc.h>
#include <inc/lib.h>

// --- fs/ide.cpp: ATA PIO driver for disk 1, the slave on the primary channel.

#define SECTSIZE 512                  // bytes per disk sector
#define BLKSECTS (BLKSIZE / SECTSIZE) // sectors per file-system block

// Finds disk 1 and returns its size in sectors. Panics if there is no disk 1.
uint32_t ide_init();
// Moves nsecs (1..256) sectors starting at secno. Errors: inval (beyond the
// disk), unspecified (the drive reported an error or did not answer in time).
Error ide_read(uint32_t secno, void* dst, size_t nsecs);
Error ide_write(uint32_t secno, const void* src, size_t nsecs);

// --- fs/bc.cpp: the block cache. Block b lives at DISKMAP + b * BLKSIZE; a
// page is read from disk the first time it is touched, and written back by
// flush_block only if the processor marked it dirty.

// The address of block blockno. Panics on block 0 or a block past the disk.
void* diskaddr(uint32_t blockno);
bool va_is_mapped(const void* va);
bool va_is_dirty(const void* va);
// Writes the block holding addr back to disk if it is cached and dirty.
void flush_block(void* addr);
// Forgets the cached copy of the block holding addr without writing it.
void bc_discard(void* addr);
// Caches a zero-filled copy of a newly allocated block without reading the
// disk, and marks it dirty so the zeros reach the disk. Returns its address.
void* bc_zero_block(uint32_t blockno);
// Installs the page-fault handler and runs the cache's self-test.
void bc_init();

// --- fs/bitmap.cpp: the superblock and the free-block bitmap.

// Set by fs_init; the superblock and bitmap live in the block cache.
extern Super* super;
extern uint32_t* bitmap; // bit b (word b / 32, bit b % 32) is 1 iff block b is free

// Checks the superblock against the disk's size (in sectors). Prints why and
// returns false if the server cannot use it.
bool check_super(uint32_t disk_sectors);
// Marks the blocks the file system itself uses as in use, if they are not.
void check_bitmap();
bool block_is_free(uint32_t blockno);
// Whether blockno may hold file data: past the superblock and bitmap, on the disk.
bool is_data_block(uint32_t blockno);
// Whether a non-zero block pointer read from f may be followed: a data block
// the bitmap shows in use. If not, prints which file and block, and why.
bool usable_block(const File* f, uint32_t blockno);
// Marks the block in use (in memory only; the caller flushes the bitmap).
void mark_in_use(uint32_t blockno);
// Marks the block free (in memory only) and drops its cached copy. Panics on
// a block that is not a data block or is already free.
void free_block(uint32_t blockno);
// Writes the bitmap's dirty blocks.
void flush_bitmap();
// Finds a free block, marks it used and writes the bitmap. Errors: no_disk.
Result<uint32_t> alloc_block();
// The number of bitmap blocks (the blocks after the superblock).
uint32_t bitmap_blocks();

// --- fs/fs.cpp: file contents. A File* points into the block cache (a
// directory block, or the superblock for the root), so it stays valid.

// Brings up disk, cache, superblock and bitmap, printing one line per check,
// then checks the whole image (fs/check.cpp). Returns false, having said why,
// if the disk cannot be served.
bool fs_init();
// The slot holding the block number of the file's filebno'th block; with
// alloc, creates the indirect block if needed. Errors: inval (filebno too
// big, or an unusable indirect block), not_found (no indirect block and
// !alloc), no_disk.
Result<uint32_t*> file_block_walk(File* f, uint32_t filebno, bool alloc);
// The cached address of the file's filebno'th block, allocating a zeroed block
// if there is none. Errors: those of file_block_walk; inval (an unusable block).
Result<char*> file_get_block(File* f, uint32_t filebno);
// The cached address of the file's filebno'th block, nullptr for a hole (never
// allocates). Errors: inval (an unusable block, or filebno too big).
Result<char*> file_peek_block(File* f, uint32_t filebno);
// Whether a File entry read from disk may be used: a known type and a size of
// 0..MAXFILESIZE (a directory's a whole number of entries). Errors: inval,
// printed with the entry's name.
Error file_check(const File* f);
// Reads up to count bytes at offset; holes read as zeros. Returns the bytes
// read (0 at or past the end). Errors: inval (negative offset).
Result<int32_t> file_read(File* f, void* buf, size_t count, off_t offset);
// Writes count bytes at offset, growing the file. Returns the bytes written,
// fewer than count only if the disk filled up. Errors: inval (negative offset,
// or past MAXFILESIZE), no_disk (nothing written).
Result<int32_t> file_write(File* f, const void* buf, size_t count, off_t offset);
// Sets the size, freeing blocks past the end. Errors: inval (not 0..MAXFILESIZE).
Error file_set_size(File* f, off_t newsize);
// Writes the file's dirty data blocks, its indirect block and its File entry.
void file_flush(File* f);
// Writes every dirty block.
void fs_sync();

// --- fs/check.cpp: the boot-time check of the whole image.

// Walks every directory from the root: reports unusable entries and block
// pointers (left as they are: using them fails), drops a second claim on a
// block, and records every block a file uses. Runs before bitmap is set, so
// the block cache does not object to reading blocks the bitmap calls free.
void check_tree();
// Marks every block check_tree recorded as in use, saying how many the bitmap
// called free, and writes the bitmap if it changed.
void repair_bitmap();

// --- fs/dir.cpp: directories and paths. Paths are absolute or relative to the
// root, components are separated by one or more '/'.

// Errors: not_found, bad_path (a component of MAXNAMELEN bytes or more, or
// "." or ".."), inval (an entry on the way fails file_check).
Result<File*> file_open(const char* path);
// Whether a name may be a directory entry's: 1..MAXNAMELEN-1 bytes, no '/', not "." or "..".
bool valid_name(const char* name, size_t len);
// Creates a FTYPE_REG or FTYPE_DIR file. Errors: file_exists, not_found (the
// parent is missing), bad_path, no_disk.
Result<File*> file_create(const char* path, uint32_t type);
// Removes the file (a directory only if it is empty) and frees its blocks.
// Errors: not_found, bad_path, inval (the root, or a non-empty directory).
Error file_remove(const char* path);

// --- fs/openfile.cpp: the server's open files. Each has an Fd page that the
// server shares with its clients; the slot is free again once only the server
// still maps that page.

struct OpenFile {
    int32_t o_fileid; // the id clients name it by; changes each time the slot is reused
    File* o_file;
    int32_t o_mode; // the open mode as the server checked it (the Fd's copy is the client's)
    Fd* o_fd;       // the page shared with clients
};

#define MAXOPEN 1024
#define OPENFILE_FD_VA 0xE0000000 // MAXOPEN Fd pages, above the client-side FDTABLE area

// A free slot with a fresh id and a zeroed Fd page. Errors: max_open, no_mem.
Result<OpenFile*> openfile_alloc();
// The open file with this id. Errors: inval (unknown, closed or stale id).
Result<OpenFile*> openfile_lookup(int32_t fileid);
// Whether some client still has f open.
bool openfile_is_open(const File* f);

// --- fs/request.cpp: the request handlers.

// An answer: a value (>= 0, or a negative Error) and maybe a page to send with it.
struct Reply {
    int32_t value;
    void* page;
    int perm;
};

// Checks and carries out one request (an FsRequest) whose page is req. Trusts
// nothing in the page; unknown requests get inval.
Reply serve_request(uint32_t request, Fsipc* req);

// --- fs/serv.cpp, fs/serv_threads.cpp: the request loops.

// Where request pages arrive: just below the disk window (the threads of
// fs/serv_threads.cpp each have their own, below this one).
constexpr uintptr_t REQ_VA = DISKMAP - PGSIZE;

// Sends the answer; a client that is gone, or does not start waiting for
// its answer within a while, gets none.
void answer(envid_t whom, const Reply& reply);
// One message from whom: checks its page (perm), serves it (FSREQ_END from
// the network server syncs, answers and exits here).
Reply serve_message(uint32_t request, envid_t whom, int perm, Fsipc* page);
// Serves on FlexSC-Threads from now on, a thread per request in flight;
// returns only if this environment cannot have FlexSC-Threads.
void serve_with_threads();

// --- fs/test.cpp

// Exercises the file layer on the real disk; /newmotd is left as it was found.
void fs_test();
