// A pipe between parent and child, both ways of closing it.

#include <inc/lib.h>

static const char msg[] = "Now is the time for all good men to come to the aid of their party.";

void
umain(int, char**)
{
    int p[2];
    int r = pipe(p);
    if (r < 0)
        panic("pipe: %e", r);
    envid_t pid = fork();
    if (pid < 0)
        panic("fork: %e", pid);
    if (pid == 0) {
        close(p[1]);
        char buf[100];
        ssize_t n = readn(p[0], buf, sizeof(msg) - 1);
        if (n < 0)
            panic("read: %e", static_cast<int>(n));
        buf[n] = '\0';
        if (strcmp(buf, msg) == 0)
            cprintf("\npipe read closed properly\n");
        else
            cprintf("\ngot %d bytes: %s\n", static_cast<int>(n), buf);
        exit();
    }
    close(p[0]);
    if (write(p[1], msg, sizeof(msg) - 1) != sizeof(msg) - 1)
        panic("write failed");
    close(p[1]);
    wait(pid);

    // Writing to a pipe whose reader is gone returns 0 (no blocking forever).
    if ((r = pipe(p)) < 0)
        panic("pipe: %e", r);
    if ((pid = fork()) < 0)
        panic("fork: %e", pid);
    if (pid == 0) {
        close(p[0]);
        for (;;) {
            if (write(p[1], "x", 1) != 1)
                break;
        }
        cprintf("\npipe write closed properly\n");
        exit();
    }
    close(p[0]);
    close(p[1]);
    wait(pid);
    cprintf("pipe tests passed\n");
}
