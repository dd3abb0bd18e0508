// Ending the program.

#include <inc/lib.h>

void
exit()
{
    flexsc_flush(); // calls posted but not yet run (flex_cputs output) run first
    sys_env_destroy(0);
    for (;;)
        ; // not reached: the kernel does not return to a destroyed environment
}
