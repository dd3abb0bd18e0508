// Pipes: a ring buffer in a page shared by both ends (the data page of both
// descriptors). An end knows the other is closed when the buffer page is
// referenced only by this end's descriptors: pageref(fd) == pageref(buffer).

#include <inc/lib.h>

static constexpr uint32_t PIPEBUFSIZ = 32; // small, so the tests exercise wrap-around and blocking

struct Pipe {
    uint32_t p_rpos; // read position
    uint32_t p_wpos; // write position
    uint8_t p_buf[PIPEBUFSIZ];
};

int
pipe(int pfd[2])
{
    Fd *fd0, *fd1;
    int r;
    if ((r = fd_alloc(&fd0)) < 0 ||
        (r = sys_page_alloc(0, fd0, PTE_P | PTE_W | PTE_U | PTE_SHARE)) < 0)
        return r;
    if ((r = fd_alloc(&fd1)) < 0 ||
        (r = sys_page_alloc(0, fd1, PTE_P | PTE_W | PTE_U | PTE_SHARE)) < 0) {
        sys_page_unmap(0, fd0);
        return r;
    }
    char* buffer = fd2data(fd0);
    if ((r = sys_page_alloc(0, buffer, PTE_P | PTE_W | PTE_U | PTE_SHARE)) < 0 ||
        (r = sys_page_map(0, buffer, 0, fd2data(fd1), PTE_P | PTE_W | PTE_U | PTE_SHARE)) < 0) {
        sys_page_unmap(0, buffer);
        sys_page_unmap(0, fd0);
        sys_page_unmap(0, fd1);
        return r;
    }
    fd0->fd_dev_id = devpipe.dev_id;
    fd0->fd_omode = O_RDONLY;
    fd1->fd_dev_id = devpipe.dev_id;
    fd1->fd_omode = O_WRONLY;
    pfd[0] = fd2num(fd0);
    pfd[1] = fd2num(fd1);
    return 0;
}

// Whether the other end is closed. Both counts are read in one environment run
// (env_runs unchanged), so no other environment changed them in between.
static bool
other_end_closed(Fd* fd, Pipe* p)
{
    // LAB 5: BEGIN SOLUTION
    // HINT: the other end is closed when pageref(fd) == pageref(p); read both without being
    //       preempted in between (env_runs unchanged). Exercise 7, doc/labs/lab5.md.
    for (;;) {
        uint32_t runs = thisenv->env_runs;
        int fd_refs = pageref(fd);
        int pipe_refs = pageref(p);
        if (runs == thisenv->env_runs)
            return fd_refs == pipe_refs;
    }
    // LAB 5: STUB
    // NOT_IMPLEMENTED(5, fd, p);
    // LAB 5: END SOLUTION
}

int
pipeisclosed(int fdnum)
{
    Fd* fd;
    int r = fd_lookup(fdnum, &fd);
    if (r < 0)
        return r;
    return other_end_closed(fd, reinterpret_cast<Pipe*>(fd2data(fd)));
}

static ssize_t
devpipe_read(Fd* fd, void* vbuf, size_t n)
{
    auto* p = reinterpret_cast<Pipe*>(fd2data(fd));
    auto* buf = static_cast<uint8_t*>(vbuf);
    size_t i = 0;
    while (i < n) {
        while (p->p_rpos == p->p_wpos) {
            // Empty: return what we have, or end of file, or wait for the writer.
            if (i > 0 || other_end_closed(fd, p))
                return static_cast<ssize_t>(i);
            sys_yield();
        }
        buf[i++] = p->p_buf[p->p_rpos % PIPEBUFSIZ];
        p->p_rpos++;
    }
    return static_cast<ssize_t>(i);
}

static ssize_t
devpipe_write(Fd* fd, const void* vbuf, size_t n)
{
    auto* p = reinterpret_cast<Pipe*>(fd2data(fd));
    auto* buf = static_cast<const uint8_t*>(vbuf);
    for (size_t i = 0; i < n; i++) {
        while (p->p_wpos >= p->p_rpos + PIPEBUFSIZ) {
            // Full: nobody will ever read it if the reader is gone.
            if (other_end_closed(fd, p))
                return 0;
            sys_yield();
        }
        p->p_buf[p->p_wpos % PIPEBUFSIZ] = buf[i];
        p->p_wpos++;
    }
    return static_cast<ssize_t>(n);
}

static int
devpipe_close(Fd* fd)
{
    // Unmap the descriptor page first (fd_close does it after us, so do it
    // here): then the reader can never see pageref(fd) == pageref(buffer)
    // while this end is half closed.
    sys_page_unmap(0, fd);
    return sys_page_unmap(0, fd2data(fd));
}

// A pipe has no size (fstat's 0): what is buffered changes under the reader's feet.
static int
devpipe_stat(Fd*, Stat* st)
{
    strcpy(st->st_name, "<pipe>");
    return 0;
}

const Dev devpipe = {'p',           "pipe",       devpipe_read, devpipe_write,
                     devpipe_close, devpipe_stat, nullptr};
