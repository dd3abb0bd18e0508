// Exercises the file server's requests one by one, through the library.

#include <inc/lib.h>

static const char msg[] = "This is the NEW message of the day!\n\n";

static char buf[8192];

void
umain(int, char**)
{
    int r = open("/not-found", O_RDONLY);
    if (r != to_int(Error::not_found))
        panic("open /not-found: %e, expected not_found", r);
    int fd = open("/newmotd", O_RDONLY);
    if (fd < 0)
        panic("open /newmotd: %e", fd);
    Fd* f;
    if (fd_lookup(fd, &f) < 0 || f->fd_dev_id != 'f' || f->fd_offset != 0 ||
        f->fd_omode != O_RDONLY)
        panic("open did not fill the descriptor right");
    cprintf("serve_open is good\n");

    Stat st;
    if ((r = fstat(fd, &st)) < 0)
        panic("fstat: %e", r);
    if (strcmp(st.st_name, "newmotd") != 0 || st.st_size <= 0 || st.st_isdir)
        panic("fstat returned name '%s' size %d isdir %d", st.st_name, st.st_size, st.st_isdir);
    off_t size = st.st_size;
    cprintf("file_stat is good\n");

    memset(buf, 0, sizeof(buf));
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n != size || strncmp(buf, msg, sizeof(msg) - 1) != 0)
        panic("read returned %d: wrong data", static_cast<int>(n));
    cprintf("file_read is good\n");

    Fd saved = *f;
    if ((r = close(fd)) < 0)
        panic("close: %e", r);
    cprintf("file_close is good\n");

    // The closed descriptor's id must no longer work.
    if ((r = devfile.dev_read(&saved, buf, sizeof(buf))) != to_int(Error::inval))
        panic("reading a closed file id returned %e, expected invalid parameter", r);
    cprintf("stale fileid is good\n");

    if ((fd = open("/new-file", O_RDWR | O_CREAT)) < 0)
        panic("open /new-file: %e", fd);
    if ((n = write(fd, msg, sizeof(msg) - 1)) != sizeof(msg) - 1)
        panic("write /new-file returned %d", static_cast<int>(n));
    cprintf("file_write is good\n");

    seek(fd, 0);
    memset(buf, 0, sizeof(buf));
    if ((n = read(fd, buf, sizeof(buf))) != sizeof(msg) - 1 || strcmp(buf, msg) != 0)
        panic("read after write returned %d: wrong data", static_cast<int>(n));
    cprintf("file_read after file_write is good\n");
    close(fd);

    if ((fd = open("/newmotd", O_RDONLY)) < 0)
        panic("open /newmotd: %e", fd);
    memset(buf, 0, sizeof(buf));
    if ((n = readn(fd, buf, sizeof(buf))) != size || strncmp(buf, msg, sizeof(msg) - 1) != 0)
        panic("open + readn gave wrong data");
    close(fd);
    cprintf("open is good\n");

    // A file larger than its direct blocks: the indirect block gets used.
    if ((fd = open("/big", O_WRONLY | O_CREAT)) < 0)
        panic("creat /big: %e", fd);
    constexpr int BIG = (NDIRECT * 3) * BLKSIZE;
    for (int i = 0; i < BIG; i += sizeof(buf)) {
        for (size_t j = 0; j < sizeof(buf); j += sizeof(int))
            *reinterpret_cast<int*>(buf + j) = i + static_cast<int>(j);
        if ((n = write(fd, buf, sizeof(buf))) != sizeof(buf))
            panic("write /big at %d: %d", i, static_cast<int>(n));
    }
    close(fd);
    if ((fd = open("/big", O_RDONLY)) < 0)
        panic("open /big: %e", fd);
    for (int i = 0; i < BIG; i += sizeof(buf)) {
        if ((n = readn(fd, buf, sizeof(buf))) != sizeof(buf))
            panic("read /big at %d: %d", i, static_cast<int>(n));
        for (size_t j = 0; j < sizeof(buf); j += sizeof(int)) {
            if (*reinterpret_cast<int*>(buf + j) != i + static_cast<int>(j))
                panic("read /big at %d: wrong data", i + static_cast<int>(j));
        }
    }
    close(fd);
    cprintf("large file is good\n");
}
