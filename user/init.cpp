// The first program of a running system (spawned by icode): checks that its
// data, bss and arguments arrived intact, opens the console as standard input
// and output, and keeps a shell running.

#include <inc/lib.h>

static const char expected_data[] = "This is initialized data, read from the file system.";
static int data_sum_reference = 0x5ca1ab1e;
static char bss_buffer[6000];

// Unsigned: the sum wraps around by design (a signed overflow would be undefined).
static uint32_t
sum(const char* s, size_t n)
{
    uint32_t total = 0;
    for (size_t i = 0; i < n; i++)
        total = total * 31 + s[i];
    return total;
}

void
umain(int argc, char** argv)
{
    cprintf("init: running\n");
    if (data_sum_reference == 0x5ca1ab1e && sum(expected_data, sizeof(expected_data)) != 0)
        cprintf("init: data seems okay\n");
    else
        cprintf("init: data is not good\n");
    bool bss_zero = true;
    for (char c : bss_buffer)
        bss_zero = bss_zero && c == 0;
    cprintf(bss_zero ? "init: bss seems okay\n" : "init: bss is not good\n");

    // One line, one write: a kernel message (another environment exiting)
    // could otherwise land between the pieces and split it.
    char line[256];
    int len = snprintf(line, sizeof line, "init: args:");
    for (int i = 0; i < argc && len < static_cast<int>(sizeof line); i++)
        len += snprintf(line + len, sizeof line - len, " '%s'", argv[i]);
    cprintf("%s\n", line);

    cprintf("init: running sh\n");
    // Descriptor 0 and 1: the console. Children inherit them.
    close(0);
    int r = opencons();
    if (r < 0)
        panic("opencons: %e", r);
    if (r != 0)
        panic("first opencons used fd %d", r);
    if ((r = dup(0, 1)) < 0)
        panic("dup: %e", r);
    for (;;) {
        cprintf("init: starting sh\n");
        envid_t sh = spawnl("/sh", "sh", static_cast<const char*>(nullptr));
        if (sh < 0) {
            cprintf("init: spawn sh: %e\n", sh);
            continue;
        }
        wait(sh);
    }
}
