// Reads lines from the console (keyboard or serial) and echoes them.

#include <inc/lib.h>

void
umain(int, char**)
{
    for (int i = 0; i < 10; i++)
        sys_yield();
    close(0);
    int r = opencons();
    if (r < 0)
        panic("opencons: %e", r);
    if (r != 0)
        panic("first opencons used fd %d", r);
    if ((r = dup(0, 1)) < 0)
        panic("dup: %e", r);
    for (;;) {
        char* line = readline("Type a line: ");
        if (line != nullptr)
            fprintf(1, "%s\n", line);
        else
            fprintf(1, "(end of file received)\n");
    }
}
