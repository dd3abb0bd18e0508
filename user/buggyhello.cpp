// Passes the kernel a pointer to unmapped memory (address 1): the kernel must
// catch it and destroy this environment.

#include <inc/lib.h>

void
umain(int, char**)
{
    sys_cputs(reinterpret_cast<const char*>(1), 1);
}
