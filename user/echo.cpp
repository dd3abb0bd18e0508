// echo [-n] words...: prints its arguments, separated by spaces.

#include <inc/lib.h>

void
umain(int argc, char** argv)
{
    bool newline = true;
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "-n") == 0) {
        newline = false;
        first = 2;
    }
    for (int i = first; i < argc; i++) {
        if (i > first)
            write(1, " ", 1);
        write(1, argv[i], strlen(argv[i]));
    }
    if (newline)
        write(1, "\n", 1);
}
