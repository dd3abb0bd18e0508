// Spawns hello from the file system.

#include <inc/lib.h>

void
umain(int, char**)
{
    cprintf("i am parent environment %08x\n", thisenv->env_id);
    envid_t r = spawnl("hello", "hello", static_cast<const char*>(nullptr));
    if (r < 0)
        panic("spawn(hello) failed: %e", r);
}
