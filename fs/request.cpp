// The file server's request handlers, one per FsRequest. A client keeps its
// request page mapped and could change it while the server works, so each
// field is read once (read_once) and strings are copied before they are
// checked. Each handler's comment lists the errors it answers with.

#include "fs.h"

template <typename T>
static T
read_once(const T& field)
{
    return *static_cast<const volatile T*>(&field);
}

static Reply
reply_value(int32_t value)
{
    return Reply{value, nullptr, 0};
}

// 0 for Error::ok, else the negative error.
static Reply
reply_status(Error e)
{
    return reply_value(to_int(e));
}

// The request page goes back to the client (READ, STAT), mapped where it asked.
static Reply
reply_page(Fsipc* req, int32_t value)
{
    return Reply{value, req, PTE_P | PTE_U | PTE_W};
}

// Copies a path out of the request page. Errors: bad_path (no NUL in MAXPATHLEN bytes).
static Error
copy_path(char (&dst)[MAXPATHLEN], const char (&src)[MAXPATHLEN])
{
    memcpy(dst, src, MAXPATHLEN);
    return strnlen(dst, MAXPATHLEN) < MAXPATHLEN ? Error::ok : Error::bad_path;
}

enum class Access { any, read, write };

// The open file a request names, if its open mode allows the access.
// Errors: inval (unknown or stale id, or the wrong open mode).
static Result<OpenFile*>
lookup(int32_t fileid, Access access)
{
    Result<OpenFile*> o = openfile_lookup(fileid);
    if (!o.ok())
        return o;
    int32_t accmode = o.value()->o_mode & O_ACCMODE;
    if ((access == Access::read && accmode == O_WRONLY) ||
        (access == Access::write && accmode == O_RDONLY))
        return Error::inval;
    return o;
}

// Checks an open mode before anything is done with it. Errors: inval.
static Error
check_omode(int32_t omode)
{
    constexpr int32_t KNOWN = O_ACCMODE | O_CREAT | O_TRUNC | O_EXCL | O_MKDIR;
    int32_t accmode = omode & O_ACCMODE;
    if ((omode & ~KNOWN) != 0 || accmode == O_ACCMODE)
        return Error::inval;
    // Truncating is writing.
    if ((omode & O_TRUNC) && accmode == O_RDONLY)
        return Error::inval;
    // Clients never write directories: an entry they forged could point the
    // server at any block, the superblock and bitmap included.
    if ((omode & O_MKDIR) && accmode != O_RDONLY)
        return Error::inval;
    return Error::ok;
}

// Creates the file when asked to, or opens the existing one.
static Result<File*>
open_or_create(const char* path, int32_t omode)
{
    if (omode & (O_CREAT | O_MKDIR)) {
        uint32_t type = (omode & O_MKDIR) ? FTYPE_DIR : FTYPE_REG;
        Result<File*> f = file_create(path, type);
        if (f.ok() || f.error() != Error::file_exists || (omode & O_EXCL))
            return f;
    }
    Result<File*> f = file_open(path);
    if (f.ok() && (omode & O_MKDIR) && f.value()->f_type != FTYPE_DIR)
        return Error::file_exists;
    return f;
}

// OPEN: answers 0 and the new Fd page, shared. Errors: bad_path, inval,
// max_open, no_mem, and those of file_open and file_create.
static Reply
serve_open(Fsipc* req)
{
    static char path[MAXPATHLEN];
    Error r = copy_path(path, req->open.req_path);
    if (r != Error::ok)
        return reply_status(r);
    int32_t omode = read_once(req->open.req_omode);
    r = check_omode(omode);
    if (r != Error::ok)
        return reply_status(r);

    // If anything below fails, the slot stays free: only the server maps its page.
    Result<OpenFile*> o = openfile_alloc();
    if (!o.ok())
        return reply_status(o.error());
    Result<File*> f = open_or_create(path, omode);
    if (!f.ok())
        return reply_status(f.error());
    if (f.value()->f_type == FTYPE_DIR && (omode & O_ACCMODE) != O_RDONLY)
        return reply_status(Error::inval);
    if (omode & O_TRUNC) {
        r = file_set_size(f.value(), 0);
        if (r != Error::ok)
            return reply_status(r);
    }

    OpenFile* of = o.value();
    of->o_file = f.value();
    of->o_mode = omode;
    of->o_fd->fd_dev_id = 'f';
    of->o_fd->fd_offset = 0;
    of->o_fd->fd_omode = omode;
    of->o_fd->fd_file.id = of->o_fileid;
    return Reply{0, of->o_fd, PTE_P | PTE_U | PTE_W | PTE_SHARE};
}

// SET_SIZE. Errors: inval.
static Reply
serve_set_size(Fsipc* req)
{
    int32_t fileid = read_once(req->set_size.req_fileid);
    int32_t size = read_once(req->set_size.req_size);
    Result<OpenFile*> o = lookup(fileid, Access::write);
    if (!o.ok())
        return reply_status(o.error());
    return reply_status(file_set_size(o.value()->o_file, size));
}

// READ: up to req_n bytes (at most a page) at the Fd's offset; answers the
// count and the page holding them. The client moves the offset (lib/file.cpp).
// Errors: inval.
static Reply
serve_read(Fsipc* req)
{
    int32_t fileid = read_once(req->read.req_fileid);
    uint32_t n = min<uint32_t>(read_once(req->read.req_n), sizeof(req->readRet.ret_buf));
    Result<OpenFile*> o = lookup(fileid, Access::read);
    if (!o.ok())
        return reply_page(req, to_int(o.error()));
    off_t offset = read_once(o.value()->o_fd->fd_offset);
    Result<int32_t> got = file_read(o.value()->o_file, req->readRet.ret_buf, n, offset);
    return reply_page(req, got.ok() ? got.value() : to_int(got.error()));
}

// WRITE: req_n bytes (at most what req_buf holds) at the Fd's offset; answers
// the count, and the client moves the offset. Errors: inval, no_disk.
static Reply
serve_write(Fsipc* req)
{
    int32_t fileid = read_once(req->write.req_fileid);
    uint32_t n = min<uint32_t>(read_once(req->write.req_n), sizeof(req->write.req_buf));
    Result<OpenFile*> o = lookup(fileid, Access::write);
    if (!o.ok())
        return reply_status(o.error());
    off_t offset = read_once(o.value()->o_fd->fd_offset);
    Result<int32_t> put = file_write(o.value()->o_file, req->write.req_buf, n, offset);
    return put.ok() ? reply_value(put.value()) : reply_status(put.error());
}

// STAT: answers 0 and the page with statRet filled in. Errors: inval.
static Reply
serve_stat(Fsipc* req)
{
    Result<OpenFile*> o = lookup(read_once(req->stat.req_fileid), Access::any);
    if (!o.ok())
        return reply_page(req, to_int(o.error()));
    const File* f = o.value()->o_file;
    size_t len = strnlen(f->f_name, MAXNAMELEN - 1);
    memcpy(req->statRet.ret_name, f->f_name, len);
    req->statRet.ret_name[len] = '\0';
    req->statRet.ret_size = f->f_size;
    req->statRet.ret_isdir = f->f_type == FTYPE_DIR;
    return reply_page(req, 0);
}

// FLUSH: writes the file's dirty blocks. Errors: inval.
static Reply
serve_flush(Fsipc* req)
{
    Result<OpenFile*> o = lookup(read_once(req->flush.req_fileid), Access::any);
    if (!o.ok())
        return reply_status(o.error());
    file_flush(o.value()->o_file);
    return reply_value(0);
}

// REMOVE. Errors: bad_path, not_found, inval (the root, a non-empty
// directory, or a file someone has open: its entry must not be reused under them).
static Reply
serve_remove(Fsipc* req)
{
    static char path[MAXPATHLEN];
    Error r = copy_path(path, req->remove.req_path);
    if (r != Error::ok)
        return reply_status(r);
    Result<File*> f = file_open(path);
    if (!f.ok())
        return reply_status(f.error());
    if (openfile_is_open(f.value()))
        return reply_status(Error::inval);
    return reply_status(file_remove(path));
}

Reply
serve_request(uint32_t request, Fsipc* req)
{
    switch (static_cast<FsRequest>(request)) {
    case FSREQ_OPEN:
        return serve_open(req);
    case FSREQ_SET_SIZE:
        return serve_set_size(req);
    case FSREQ_READ:
        return serve_read(req);
    case FSREQ_WRITE:
        return serve_write(req);
    case FSREQ_STAT:
        return serve_stat(req);
    case FSREQ_FLUSH:
        return serve_flush(req);
    case FSREQ_REMOVE:
        return serve_remove(req);
    case FSREQ_SYNC:
        fs_sync();
        return reply_value(0);
    case FSREQ_END:
        return reply_status(Error::inval); // from anyone but ns (fs/serv.cpp)
    case FSREQ_SERVE_THREADS:
        return reply_value(0); // fs/serv.cpp switches after answering
    }
    return reply_status(Error::inval);
}
