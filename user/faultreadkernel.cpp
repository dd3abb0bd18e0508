// Reads kernel memory, which user code may not.

#include <inc/lib.h>

void
umain(int, char**)
{
    volatile uintptr_t address = 0xf0100000;
    cprintf("I read %08x from location 0xf0100000!\n",
            *reinterpret_cast<volatile unsigned*>(address));
}
