// Raises vector 14 (page fault) with int: user code may not, so it gets a
// general protection fault instead.

#include <inc/lib.h>

void
umain(int, char**)
{
    asm volatile("int $14");
}
