// A forked child shares its parent's file descriptors, offsets included.

#include <inc/lib.h>

static char buf[512], buf2[512];

void
umain(int, char**)
{
    int fd = open("motd", O_RDONLY);
    if (fd < 0)
        panic("open motd: %e", fd);
    seek(fd, 0);
    ssize_t n = readn(fd, buf, sizeof(buf));
    if (n <= 0)
        panic("readn: %e", static_cast<int>(n));
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        seek(fd, 0);
        cprintf("going to read in child (might page fault if your sharing is buggy)\n");
        ssize_t n2 = readn(fd, buf2, n);
        if (n2 != n)
            panic("read in child got %d, read in parent got %d", static_cast<int>(n2),
                  static_cast<int>(n));
        if (memcmp(buf, buf2, n) != 0)
            panic("read in child produced different data");
        cprintf("read in child succeeded\n");
        seek(fd, 0);
        exit();
    }
    wait(child);
    ssize_t n2 = readn(fd, buf2, n);
    if (n2 != n)
        panic("read in parent got %d, read in child got %d", static_cast<int>(n2),
              static_cast<int>(n));
    cprintf("read in parent succeeded\n");
    close(fd);
}
