// Writes kernel memory, which user code may not.

#include <inc/lib.h>

void
umain(int, char**)
{
    volatile uintptr_t address = 0xf0100000;
    *reinterpret_cast<volatile unsigned*>(address) = 0;
}
