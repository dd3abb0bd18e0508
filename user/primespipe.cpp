// The prime sieve over pipes: each process prints its prime, then filters the
// numbers it reads, passing on those its prime does not divide.
// "primespipe N" sieves 2..N and ends: each process, at the end of its input,
// closes its output and waits for the next one (make bench times the whole
// chain that way). Without N it runs until it runs out of environments, as JOS's does.

#include <inc/lib.h>

static bool bounded;

// The end of a process's input: in bounded mode, let the chain drain and end.
[[noreturn]] static void
input_ended(int out_fd, envid_t next)
{
    close(out_fd);
    wait(next);
    exit();
}

[[noreturn]] static void
primeproc(int fd)
{
    for (;;) {
        int p;
        ssize_t r = readn(fd, &p, 4);
        if (r == 0 && bounded)
            exit();
        if (r != 4)
            panic("primeproc could not read initial prime: %d, %e", static_cast<int>(r),
                  static_cast<int>(r >= 0 ? 0 : r));
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
            if ((r = readn(fd, &i, 4)) != 4) {
                if (r == 0 && bounded)
                    input_ended(pfd[1], id);
                panic("primeproc %d readn %d %d", p, fd, static_cast<int>(r));
            }
            if (i % p != 0 && write(pfd[1], &i, 4) != 4)
                panic("primeproc %d write failed", p);
        }
    }
}

void
umain(int argc, char** argv)
{
    binaryname = "primespipe";
    int limit = argc > 1 ? static_cast<int>(strtol(argv[1], nullptr, 10)) : 0;
    bounded = limit > 0;
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
    for (int i = 2; !bounded || i <= limit; i++) {
        if (write(p[1], &i, 4) != 4)
            panic("generator write failed");
    }
    input_ended(p[1], id);
}
