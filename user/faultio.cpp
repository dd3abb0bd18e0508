// Does port I/O without I/O privilege: only the file server has it, so this
// must trap (general protection) and the environment must die.

#include <inc/lib.h>
#include <inc/x86.h>

void
umain(int, char**)
{
    if ((read_eflags() & FL_IOPL_MASK) == FL_IOPL_3)
        cprintf("eflags wrong\n");
    outb(0x1F6, 0xE0 | (1 << 4)); // select the file system disk
    cprintf("%s: made it here --- bug\n", binaryname);
}
