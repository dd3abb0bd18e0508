// Spawns faultio, which must not get I/O privilege from its parent.

#include <inc/lib.h>

void
umain(int, char**)
{
    cprintf("i am parent environment %08x\n", thisenv->env_id);
    envid_t r = spawnl("faultio", "faultio", static_cast<const char*>(nullptr));
    if (r < 0)
        panic("spawn(faultio) failed: %e", r);
}
