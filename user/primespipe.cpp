// The prime sieve over pipes: each process prints its prime, then filters the
// numbers it reads, passing on those its prime does not divide.

#include <inc/lib.h>

[[noreturn]] static void
primeproc(int fd)
{
    for (;;) {
        int p;
        ssize_t r = readn(fd, &p, 4);
        if (r != 4)
            panic("primeproc could not read initial prime: %d, %e", static_cast<int>(r), static_cast<int>(r >= 0 ? 0 : r));
        cprintf("%d\n", p);

        int pfd[2];
        int e = pipe(pfd);
        if (e < 0)
            panic("pipe: %e", e);
        envid_t id = fork();
        if (id < 0)
            panic("fork: %e", id);
        if (id == 0) {
            close(fd);
            close(pfd[1]);
            fd = pfd[0];
            continue; // the child filters for the next prime
        }
        close(pfd[0]);
        for (;;) {
            int i;
            if ((r = readn(fd, &i, 4)) != 4)
                panic("primeproc %d readn %d %d", p, fd, static_cast<int>(r));
            if (i % p != 0 && write(pfd[1], &i, 4) != 4)
                panic("primeproc %d write failed", p);
        }
    }
}

void
umain(int, char**)
{
    binaryname = "primespipe";
    int p[2];
    int r = pipe(p);
    if (r < 0)
        panic("pipe: %e", r);
    envid_t id = fork();
    if (id < 0)
        panic("fork: %e", id);
    if (id == 0) {
        close(p[1]);
        primeproc(p[0]);
    }
    close(p[0]);
    for (int i = 2;; i++) {
        if (write(p[1], &i, 4) != 4)
            panic("generator write failed");
    }
}
