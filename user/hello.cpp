// The first user program: prints and exits.

#include <inc/lib.h>

void
umain(int, char**)
{
    cprintf("hello, world\n");
    cprintf("i am environment %08x\n", thisenv->env_id);
}
