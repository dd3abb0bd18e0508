// The console as a device, and the character I/O every program uses:
// cputchar prints straight through the kernel; getchar reads descriptor 0, so
// it reads a file or pipe when standard input is redirected.

#include <inc/lib.h>

void
cputchar(int ch)
{
    char c = static_cast<char>(ch);
    sys_cputs(&c, 1);
}

int
getchar()
{
    // Programs the kernel started directly have no descriptor 0: use the console.
    Fd* fd;
    if (fd_lookup(0, &fd) < 0) {
        int c;
        while ((c = sys_cgetc()) == 0)
            sys_yield();
        return c;
    }
    unsigned char c;
    ssize_t r = read(0, &c, 1);
    if (r < 0)
        return static_cast<int>(r);
    if (r == 0)
        return to_int(Error::eof);
    return c;
}

int
iscons(int fdnum)
{
    Fd* fd;
    if (fd_lookup(fdnum, &fd) < 0)
        return fdnum == 0; // no descriptor 0: getchar reads the console itself
    return fd->fd_dev_id == devcons.dev_id;
}

int
opencons()
{
    Fd* fd;
    int r;
    if ((r = fd_alloc(&fd)) < 0 ||
        (r = sys_page_alloc(0, fd, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
        return r;
    fd->fd_dev_id = devcons.dev_id;
    fd->fd_omode = O_RDWR;
    return fd2num(fd);
}

// Reads at least one character, waiting (politely) for the first.
static ssize_t
devcons_read(Fd*, void* buf, size_t n)
{
    if (n == 0)
        return 0;
    int c;
    while ((c = sys_cgetc()) == 0)
        sys_yield();
    if (c < 0)
        return c;
    if (c == 0x04) // ctrl-d: end of file
        return 0;
    *static_cast<char*>(buf) = static_cast<char>(c);
    return 1;
}

static ssize_t
devcons_write(Fd*, const void* buf, size_t n)
{
    // In pieces, so a huge write cannot need a huge stack buffer in the kernel path.
    const char* p = static_cast<const char*>(buf);
    for (size_t done = 0; done < n; done += 128)
        sys_cputs(p + done, min(n - done, static_cast<size_t>(128)));
    return static_cast<ssize_t>(n);
}

static int
devcons_close(Fd*)
{
    return 0;
}

static int
devcons_stat(Fd*, Stat* st)
{
    strcpy(st->st_name, "<cons>");
    return 0;
}

const Dev devcons = {'c',           "cons",       devcons_read, devcons_write,
                     devcons_close, devcons_stat, nullptr};
