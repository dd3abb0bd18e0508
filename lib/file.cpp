// Files: descriptors whose operations are requests to the file server (inc/fsipc.h).

#include <inc/lib.h>
#include <lib/file_threads.h>

// The request page, page aligned so it can travel by IPC.
alignas(PGSIZE) static Fsipc fsipcbuf;

// Sends request type with fsipcbuf to the file server, waits for the answer;
// an answer page, if any, is mapped at dstva. Returns the server's value.
static int
fsipc(FsRequest type, void* dstva)
{
    static envid_t fsenv;
    if (fsenv == 0)
        fsenv = ipc_find_env(ENV_TYPE_FS);
    if (fsenv == 0)
        return to_int(Error::not_supp); // no file server in this system
    if (fsipc_threads_on())
        return fsipc_from_thread(fsenv, type, dstva, fsipcbuf);
    // Not ipc_send, which panics if the server is gone: it exits when it
    // refuses its disk (fs/serv.cpp), and then the caller gets bad_env.
    int r;
    while ((r = sys_ipc_try_send(fsenv, type, &fsipcbuf, PTE_P | PTE_W | PTE_U)) ==
           to_int(Error::ipc_not_recv))
        sys_yield();
    if (r < 0) {
        fsenv = 0; // look again next time: no server is not_supp
        return r;
    }
    return ipc_recv(nullptr, dstva, nullptr);
}

// Opens path; returns a descriptor number. Errors: bad_path (too long),
// max_open, and the server's (not_found, file_exists, ...).
int
open(const char* path, int mode)
{
    if (strlen(path) >= MAXPATHLEN)
        return to_int(Error::bad_path);
    // Threads: fd_alloc's descriptor stays free until the answer maps it there.
    OpenGuard one_open_at_a_time;
    Fd* fd;
    int r = fd_alloc(&fd);
    if (r < 0)
        return r;
    strcpy(fsipcbuf.open.req_path, path);
    fsipcbuf.open.req_omode = mode;
    // The server answers with the descriptor page itself, shared with it.
    if ((r = fsipc(FSREQ_OPEN, fd)) < 0) {
        fd_close(fd, false);
        return r;
    }
    return fd2num(fd);
}

static int
devfile_flush(Fd* fd)
{
    fsipcbuf.flush.req_fileid = fd->fd_file.id;
    return fsipc(FSREQ_FLUSH, nullptr);
}

static int
devfile_close(Fd* fd)
{
    // The server notices the close through the descriptor page's reference count.
    return devfile_flush(fd);
}

static ssize_t
devfile_read(Fd* fd, void* buf, size_t n)
{
    fsipcbuf.read.req_fileid = fd->fd_file.id;
    fsipcbuf.read.req_n = min(n, static_cast<size_t>(PGSIZE));
    int r = fsipc(FSREQ_READ, &fsipcbuf);
    if (r < 0)
        return r;
    assert(static_cast<size_t>(r) <= fsipcbuf.read.req_n || r <= PGSIZE);
    memmove(buf, fsipcbuf.readRet.ret_buf, r);
    fd->fd_offset += r;
    return r;
}

static ssize_t
devfile_write(Fd* fd, const void* buf, size_t n)
{
    // LAB 5: BEGIN SOLUTION
    // HINT: send FSREQ_WRITE requests, at most sizeof(req_buf) bytes each, advancing fd_offset.
    //       Exercise 5, doc/labs/lab5.md.
    size_t total = 0;
    // A request carries at most sizeof(req_buf) bytes: send big writes in pieces.
    while (total < n) {
        size_t chunk = min(n - total, sizeof(fsipcbuf.write.req_buf));
        fsipcbuf.write.req_fileid = fd->fd_file.id;
        fsipcbuf.write.req_n = chunk;
        memmove(fsipcbuf.write.req_buf, static_cast<const char*>(buf) + total, chunk);
        int r = fsipc(FSREQ_WRITE, nullptr);
        if (r < 0)
            return total > 0 ? static_cast<ssize_t>(total) : r;
        fd->fd_offset += r;
        total += r;
        if (static_cast<size_t>(r) < chunk)
            break;
    }
    return static_cast<ssize_t>(total);
    // LAB 5: STUB
    // NOT_IMPLEMENTED(5, fd, buf, n);
    // LAB 5: END SOLUTION
}

static int
devfile_stat(Fd* fd, Stat* st)
{
    fsipcbuf.stat.req_fileid = fd->fd_file.id;
    int r = fsipc(FSREQ_STAT, &fsipcbuf);
    if (r < 0)
        return r;
    strlcpy(st->st_name, fsipcbuf.statRet.ret_name, MAXNAMELEN);
    st->st_size = fsipcbuf.statRet.ret_size;
    st->st_isdir = fsipcbuf.statRet.ret_isdir;
    return 0;
}

static int
devfile_trunc(Fd* fd, off_t newsize)
{
    fsipcbuf.set_size.req_fileid = fd->fd_file.id;
    fsipcbuf.set_size.req_size = newsize;
    return fsipc(FSREQ_SET_SIZE, nullptr);
}

int
remove(const char* path)
{
    if (strlen(path) >= MAXPATHLEN)
        return to_int(Error::bad_path);
    strcpy(fsipcbuf.remove.req_path, path);
    return fsipc(FSREQ_REMOVE, nullptr);
}

int
sync()
{
    return fsipc(FSREQ_SYNC, nullptr);
}

int
file_threads_start()
{
    // A write first: in a fork child the page may still be copy-on-write,
    // read-only, and a read-only page cannot be sent writable.
    fsipcbuf.flush.req_fileid = 0;
    int r = fsipc(FSREQ_SERVE_THREADS, nullptr);
    if (r < 0)
        return r;
    fsipc_threads_enable();
    return 0;
}

const Dev devfile = {'f',           "file",       devfile_read, devfile_write,
                     devfile_close, devfile_stat, devfile_trunc};
