// Overwrites /motd with the contents of /newmotd.

#include <inc/lib.h>

void
umain(int, char**)
{
    int rfd = open("/newmotd", O_RDONLY);
    if (rfd < 0)
        panic("open /newmotd: %e", rfd);
    int wfd = open("/motd", O_RDWR);
    if (wfd < 0)
        panic("open /motd: %e", wfd);
    cprintf("file descriptors %d %d\n", rfd, wfd);

    char buf[512];
    cprintf("OLD MOTD\n===\n");
    ssize_t n;
    while ((n = read(wfd, buf, sizeof(buf) - 1)) > 0)
        sys_cputs(buf, n);
    cprintf("===\n");
    seek(wfd, 0);

    int r = ftruncate(wfd, 0);
    if (r < 0)
        panic("truncate /motd: %e", r);
    cprintf("NEW MOTD\n===\n");
    while ((n = read(rfd, buf, sizeof(buf) - 1)) > 0) {
        sys_cputs(buf, n);
        if (write(wfd, buf, n) != n)
            panic("write /motd failed");
    }
    cprintf("===\n");
    if (n < 0)
        panic("read /newmotd: %e", static_cast<int>(n));
    close(rfd);
    close(wfd);
}
