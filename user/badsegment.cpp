// Loads a kernel-only selector (the TSS, 0x28) into %ds: a general protection fault.

#include <inc/lib.h>

void
umain(int, char**)
{
    asm volatile("movw $0x28, %%ax; movw %%ax, %%ds" ::: "eax");
}
