// Reads address 0, which is never mapped.

#include <inc/lib.h>

// Not checked by make SANITIZE=1 for null pointers: the fault is the point.
[[gnu::no_sanitize("null")]] void
umain(int, char**)
{
    volatile uintptr_t address = 0; // volatile: the compiler must not see a null pointer
    cprintf("I read %08x from location 0!\n", *reinterpret_cast<volatile unsigned*>(address));
}
