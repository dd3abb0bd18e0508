// The file server's IPC protocol: a client sends a request number as the IPC
// value and the request in a page (an Fsipc) at the same time; the server
// answers with a value (>= 0 or a negative error) and, for some requests, a page.
#pragma once

#include <inc/fs.h>
#include <inc/mmu.h>
#include <inc/types.h>

enum FsRequest : uint32_t {
    FSREQ_OPEN = 1, // answer: value 0 and a page: the new Fd, shared (PTE_SHARE)
    FSREQ_SET_SIZE,
    FSREQ_READ,  // answer: bytes read, left in the request page's readRet
    FSREQ_WRITE, // answer: bytes written
    FSREQ_STAT,  // answer: 0, the page's statRet filled in
    FSREQ_FLUSH,
    FSREQ_REMOVE,
    FSREQ_SYNC,
    FSREQ_END,           // sync, answer 0, and exit; only from the network server (fs/serv.cpp)
    FSREQ_SERVE_THREADS, // answer 0, then serve on FlexSC-Threads, a thread per request
                         // in flight (fs/serv_threads.cpp): a FlexSC option (make bench)
};

// Tagged requests, from FlexSC-Threads clients (lib/file_threads.cpp), which
// have many requests in flight and receive their answers in whatever order
// they come (a send completes the oldest receive): the value is
// FSREQ_TAGGED | tag << 8 | request, the answer's value tag << 24 | the result
// (24 bits, sign-extended), with a page for OPEN alone (the Fd; a READ or STAT
// answer is in the request page, which the client keeps mapped).
#define FSREQ_TAGGED 0x80000000u
#define FSREQ_TAG_MAX 64

inline uint32_t
fsreq_tagged(uint32_t request, uint32_t tag)
{
    return FSREQ_TAGGED | tag << 8 | request;
}

inline uint32_t
fsanswer_tagged(uint32_t tag, int32_t result)
{
    return tag << 24 | (static_cast<uint32_t>(result) & 0xFFFFFF);
}

inline int32_t
fsanswer_result(uint32_t value)
{
    return static_cast<int32_t>(value << 8) >> 8;
}

// Open modes (open()'s second argument).
#define O_RDONLY 0x0000
#define O_WRONLY 0x0001
#define O_RDWR 0x0002
#define O_ACCMODE 0x0003
#define O_CREAT 0x0100 // create if it does not exist
#define O_TRUNC 0x0200 // truncate to zero length
#define O_EXCL 0x0400  // with O_CREAT: fail if it exists
#define O_MKDIR 0x0800 // create a directory, not a file

// The request page. Every member fits in one page.
union Fsipc {
    struct {
        char req_path[MAXPATHLEN];
        int32_t req_omode;
    } open;
    struct {
        int32_t req_fileid;
        int32_t req_size;
    } set_size;
    struct {
        int32_t req_fileid;
        uint32_t req_n;
    } read;
    struct {
        char ret_buf[PGSIZE];
    } readRet;
    struct {
        int32_t req_fileid;
        uint32_t req_n;
        char req_buf[PGSIZE - 2 * sizeof(int32_t)];
    } write;
    struct {
        int32_t req_fileid;
    } stat;
    struct {
        char ret_name[MAXNAMELEN];
        int32_t ret_size;
        int32_t ret_isdir;
    } statRet;
    struct {
        int32_t req_fileid;
    } flush;
    struct {
        char req_path[MAXPATHLEN];
    } remove;
    uint8_t _pad[PGSIZE];
};
static_assert(sizeof(Fsipc) == PGSIZE);

// A file descriptor: one page at FDTABLE + fdnum * PGSIZE. Pages shared
// between environments (PTE_SHARE) share the descriptor, offset included.
struct Fd {
    int32_t fd_dev_id; // which Dev (lib/fd.cpp): 'f' file, 'p' pipe, 'c' console, 's' socket
    int32_t fd_offset;
    int32_t fd_omode;
    union {
        struct {
            int32_t id; // the file server's open-file id
        } fd_file;
        struct {
            int32_t id; // the network server's socket id (inc/nsipc.h)
        } fd_sock;
    };
};

// The file descriptor table and the data pages that go with each descriptor.
#define MAXFD 32
#define FDTABLE 0xD0000000
#define FILEDATA (FDTABLE + MAXFD * PGSIZE) // 0xD0020000: a 4 MiB region per fd
static_assert(FILEDATA == 0xD0020000);

// Where the file server maps the disk (one address per byte of the disk).
#define DISKMAP 0x10000000
#define DISKSIZE 0xC0000000
