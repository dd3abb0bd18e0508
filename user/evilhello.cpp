// Asks the kernel to print from a kernel address: the kernel must refuse,
// not print its own memory.

#include <inc/lib.h>

void
umain(int, char**)
{
    sys_cputs(reinterpret_cast<const char*>(0xf010000c), 100);
}
