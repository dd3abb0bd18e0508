// The console for user programs, straight through system calls. (Lab 5 puts
// file descriptors in between.)

#include <inc/lib.h>

void
cputchar(int ch)
{
    char c = static_cast<char>(ch);
    sys_cputs(&c, 1);
}

int
getchar()
{
    int c;
    // sys_cgetc does not block: wait here.
    while ((c = sys_cgetc()) == 0)
        ;
    return c;
}

int
iscons(int)
{
    return 1;
}
