// Writes past the end of a stack buffer, over the stack protector's canary.
// Under make SANITIZE=1 the canary check stops this environment before the
// damaged frame returns; otherwise the return address is gone and it faults.

#include <inc/lib.h>

[[gnu::noinline]] static void
overrun(size_t len)
{
    char buffer[8];
    memset(buffer, 'A', len);
    cprintf("wrote %u bytes into an 8-byte buffer\n", static_cast<unsigned>(len));
}

void
umain(int, char**)
{
    volatile size_t len = 24; // volatile: the compiler must not see the overrun
    overrun(len);
    cprintf("overrun returned: the smashed stack went unnoticed\n");
}
