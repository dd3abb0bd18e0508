// A signed addition that overflows, which is undefined behaviour. Under make
// SANITIZE=1 the check stops this environment with a UBSAN line; otherwise the
// sum silently wraps.

#include <inc/lib.h>

void
umain(int, char**)
{
    volatile int largest = 0x7fffffff; // volatile: computed at run time, not folded
    cprintf("adding 1 to %d\n", largest);
    int sum = largest + 1; // the overflow
    cprintf("sum %d: the overflow went unchecked\n", sum);
}
