// Passes a valid string with a length far past the end of the program's memory:
// the kernel must find the first unmapped page and print nothing.

#include <inc/lib.h>

static const char* const hello = "hello, world";

void
umain(int, char**)
{
    sys_cputs(hello, 1024 * 1024);
}
