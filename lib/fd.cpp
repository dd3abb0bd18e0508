// File descriptors. Descriptor n is the page at FDTABLE + n*PGSIZE (mapped iff
// the descriptor is open), with a 4 MiB data region at FILEDATA + n*PTSIZE
// for its device (a pipe's buffer). Both are PTE_SHARE: fork and spawn give
// children the same descriptors, offsets included.

#include <inc/lib.h>

static const Dev* const devtab[] = {&devfile, &devpipe, &devcons, &devsock};

static Fd*
index_to_fd(int i)
{
    return reinterpret_cast<Fd*>(FDTABLE + i * PGSIZE);
}

int
fd2num(const Fd* fd)
{
    return static_cast<int>((reinterpret_cast<uintptr_t>(fd) - FDTABLE) / PGSIZE);
}

char*
fd2data(const Fd* fd)
{
    return reinterpret_cast<char*>(FILEDATA + fd2num(fd) * PTSIZE);
}

static bool
is_mapped(uintptr_t va)
{
    return (uvpd[PDX(va)] & PTE_P) && (uvpt[PGNUM(va)] & PTE_P);
}

// Finds the lowest free descriptor; the caller maps its page to open it.
// Errors: max_open.
int
fd_alloc(Fd** fd_store)
{
    for (int i = 0; i < MAXFD; i++) {
        Fd* fd = index_to_fd(i);
        if (!is_mapped(reinterpret_cast<uintptr_t>(fd))) {
            *fd_store = fd;
            return 0;
        }
    }
    *fd_store = nullptr;
    return to_int(Error::max_open);
}

// The open descriptor fdnum. Errors: inval.
int
fd_lookup(int fdnum, Fd** fd_store)
{
    if (fdnum < 0 || fdnum >= MAXFD || !is_mapped(FDTABLE + fdnum * PGSIZE))
        return to_int(Error::inval);
    *fd_store = index_to_fd(fdnum);
    return 0;
}

int
dev_lookup(int dev_id, const Dev** dev_store)
{
    for (const Dev* dev : devtab) {
        if (dev->dev_id == dev_id) {
            *dev_store = dev;
            return 0;
        }
    }
    cprintf("[%08x] unknown device type %d\n", thisenv->env_id, dev_id);
    *dev_store = nullptr;
    return to_int(Error::inval);
}

// Closes fd: lets its device know, then unmaps the descriptor page.
int
fd_close(Fd* fd, bool must_exist)
{
    // A descriptor that was never opened (a failed open) has no page to look at.
    if (!is_mapped(reinterpret_cast<uintptr_t>(fd)))
        return must_exist ? to_int(Error::inval) : 0;
    const Dev* dev;
    int r = dev_lookup(fd->fd_dev_id, &dev);
    if (r >= 0 && dev->dev_close != nullptr)
        r = dev->dev_close(fd);
    sys_page_unmap(0, fd);
    return r;
}

int
close(int fdnum)
{
    Fd* fd;
    int r = fd_lookup(fdnum, &fd);
    return r < 0 ? r : fd_close(fd, true);
}

void
close_all()
{
    for (int i = 0; i < MAXFD; i++)
        close(i);
}

// Makes newfdnum refer to what oldfdnum does (sharing the offset), closing it first.
int
dup(int oldfdnum, int newfdnum)
{
    Fd* oldfd;
    int r = fd_lookup(oldfdnum, &oldfd);
    if (r < 0)
        return r;
    if (newfdnum < 0 || newfdnum >= MAXFD)
        return to_int(Error::inval);
    close(newfdnum);

    Fd* newfd = index_to_fd(newfdnum);
    char* olddata = fd2data(oldfd);
    char* newdata = fd2data(newfd);
    // Map the data page before the descriptor page: a pipe's reader decides
    // the other end is closed by comparing the two pages' reference counts.
    if (is_mapped(reinterpret_cast<uintptr_t>(olddata))) {
        r = sys_page_map(0, olddata, 0, newdata,
                         uvpt[PGNUM(reinterpret_cast<uintptr_t>(olddata))] & PTE_SYSCALL);
        if (r < 0)
            return r;
    }
    r = sys_page_map(0, oldfd, 0, newfd,
                     uvpt[PGNUM(reinterpret_cast<uintptr_t>(oldfd))] & PTE_SYSCALL);
    if (r < 0) {
        sys_page_unmap(0, newdata);
        return r;
    }
    return newfdnum;
}

ssize_t
read(int fdnum, void* buf, size_t n)
{
    Fd* fd;
    const Dev* dev;
    int r;
    if ((r = fd_lookup(fdnum, &fd)) < 0 || (r = dev_lookup(fd->fd_dev_id, &dev)) < 0)
        return r;
    if ((fd->fd_omode & O_ACCMODE) == O_WRONLY)
        return to_int(Error::inval);
    return dev->dev_read(fd, buf, n);
}

ssize_t
readn(int fdnum, void* buf, size_t n)
{
    size_t total = 0;
    while (total < n) {
        ssize_t m = read(fdnum, static_cast<char*>(buf) + total, n - total);
        if (m < 0)
            return m;
        if (m == 0)
            break;
        total += m;
    }
    return static_cast<ssize_t>(total);
}

ssize_t
write(int fdnum, const void* buf, size_t n)
{
    Fd* fd;
    const Dev* dev;
    int r;
    if ((r = fd_lookup(fdnum, &fd)) < 0 || (r = dev_lookup(fd->fd_dev_id, &dev)) < 0)
        return r;
    if ((fd->fd_omode & O_ACCMODE) == O_RDONLY)
        return to_int(Error::inval);
    return dev->dev_write(fd, buf, n);
}

int
seek(int fdnum, off_t offset)
{
    Fd* fd;
    int r = fd_lookup(fdnum, &fd);
    if (r < 0)
        return r;
    fd->fd_offset = offset;
    return 0;
}

int
ftruncate(int fdnum, off_t size)
{
    Fd* fd;
    const Dev* dev;
    int r;
    if ((r = fd_lookup(fdnum, &fd)) < 0 || (r = dev_lookup(fd->fd_dev_id, &dev)) < 0)
        return r;
    if ((fd->fd_omode & O_ACCMODE) == O_RDONLY || dev->dev_trunc == nullptr)
        return to_int(Error::inval);
    return dev->dev_trunc(fd, size);
}

int
fstat(int fdnum, Stat* st)
{
    Fd* fd;
    const Dev* dev;
    int r;
    if ((r = fd_lookup(fdnum, &fd)) < 0 || (r = dev_lookup(fd->fd_dev_id, &dev)) < 0)
        return r;
    if (dev->dev_stat == nullptr)
        return to_int(Error::not_supp);
    st->st_name[0] = '\0';
    st->st_size = 0;
    st->st_isdir = 0;
    st->st_dev = dev;
    return dev->dev_stat(fd, st);
}

int
stat(const char* path, Stat* st)
{
    int fdnum = open(path, O_RDONLY);
    if (fdnum < 0)
        return fdnum;
    int r = fstat(fdnum, st);
    close(fdnum);
    return r;
}
