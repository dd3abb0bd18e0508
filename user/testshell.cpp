// Runs the shell on /testshell.sh with tracing, reading its output through a
// pipe, and compares it with /testshell.key byte by byte.

#include <inc/lib.h>

static void
report_mismatch(int line, int offset, const char* got, const char* expected)
{
    cprintf("shell produced incorrect output at line %d (byte %d).\n", line, offset);
    cprintf("expected: %s\n", expected);
    cprintf("got:      %s\n", got);
}

void
umain(int, char**)
{
    int p[2];
    int r = pipe(p);
    if (r < 0)
        panic("pipe: %e", r);
    // Move the pipe out of the way of descriptors 0 and 1, which the shell gets.
    dup(p[0], 10);
    dup(p[1], 11);
    close(p[0]);
    close(p[1]);
    p[0] = 10;
    p[1] = 11;
    close(0);
    if ((r = open("/testshell.sh", O_RDONLY)) != 0)
        panic("open /testshell.sh as fd 0: %e", r);
    envid_t shell = fork();
    if (shell < 0)
        panic("fork: %e", shell);
    if (shell == 0) {
        dup(p[1], 1);
        close(p[0]);
        close(p[1]);
        envid_t sh = spawnl("/sh", "sh", "-x", static_cast<const char*>(nullptr));
        if (sh < 0)
            panic("spawn sh: %e", sh);
        close_all();
        wait(sh);
        exit();
    }
    close(p[1]);
    close(0);

    int key = open("/testshell.key", O_RDONLY);
    if (key < 0)
        panic("open /testshell.key: %e", key);

    char got_line[256], expected_line[256];
    int got_len = 0, expected_len = 0, line = 1, offset = 0;
    for (;;) {
        char got, expected;
        ssize_t n1 = read(p[0], &got, 1);
        ssize_t n2 = read(key, &expected, 1);
        if (n1 < 0 || n2 < 0)
            panic("read error: %e / %e", static_cast<int>(n1), static_cast<int>(n2));
        if (n1 == 0 && n2 == 0)
            break;
        if (n1 == 0 || n2 == 0 || got != expected) {
            got_line[got_len] = '\0';
            expected_line[expected_len] = '\0';
            report_mismatch(line, offset, n1 == 0 ? "(end of output)" : got_line,
                            n2 == 0 ? "(end of key)" : expected_line);
            cprintf("(the byte that differs: got %02x, expected %02x)\n", n1 == 0 ? -1 : got & 0xff,
                    n2 == 0 ? -1 : expected & 0xff);
            wait(shell);
            return;
        }
        if (got == '\n') {
            line++;
            got_len = expected_len = 0;
        } else {
            if (got_len < 255)
                got_line[got_len++] = got;
            if (expected_len < 255)
                expected_line[expected_len++] = expected;
        }
        offset++;
    }
    wait(shell);
    cprintf("shell ran correctly\n");
}
