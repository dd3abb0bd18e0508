// The first program of lab 5's system: reads a file through the file server,
// then spawns /init with arguments.

#include <inc/lib.h>

void
umain(int, char**)
{
    binaryname = "icode";
    cprintf("icode startup\n");
    cprintf("icode: open /motd\n");
    int fd = open("/motd", O_RDONLY);
    if (fd < 0)
        panic("icode: open /motd: %e", fd);
    cprintf("icode: read /motd\n");
    char buf[512];
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf) - 1)) > 0)
        sys_cputs(buf, n);
    cprintf("icode: close /motd\n");
    close(fd);

    cprintf("icode: spawn /init\n");
    envid_t r = spawnl("/init", "init", "initarg1", "initarg2", static_cast<const char*>(nullptr));
    if (r < 0)
        panic("icode: spawn /init: %e", r);
    cprintf("icode: exiting\n");
}
