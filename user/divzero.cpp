// Divides by zero: a divide error trap that destroys the environment.

#include <inc/lib.h>

// Both volatile: with a constant 1 on top, GCC computes 1/x without dividing.
static volatile int one = 1;
static volatile int zero = 0;

// Not checked by make SANITIZE=1 for division by zero: the trap is the point.
[[gnu::no_sanitize("integer-divide-by-zero")]] void
umain(int, char**)
{
    cprintf("1/0 is %08x!\n", one / zero);
}
