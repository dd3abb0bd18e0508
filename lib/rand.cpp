// A pseudo-random generator for programs that need variety, not secrecy
// (lwIP picks TCP's first local port with it): a 32-bit linear congruential
// generator (Numerical Recipes' constants) whose high bits are returned, the
// low bits of such a generator being far from random.

#include <inc/lib.h>

static uint32_t rand_state = 1;

void
srand(unsigned seed)
{
    rand_state = seed;
}

int
rand()
{
    rand_state = rand_state * 1664525u + 1013904223u;
    return static_cast<int>(rand_state >> 1); // C's rand: 0..RAND_MAX (0x7fffffff)
}
