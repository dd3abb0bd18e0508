// Writes address 0, which is never mapped.

#include <inc/lib.h>

void
umain(int, char**)
{
    volatile uintptr_t address = 0;
    *reinterpret_cast<volatile unsigned*>(address) = 0;
}
