// lsfd [-1]: lists this environment's open file descriptors (-1: to standard output).

#include <inc/lib.h>

void
umain(int argc, char** argv)
{
    bool to_stdout = argc > 1 && strcmp(argv[1], "-1") == 0;
    for (int i = 0; i < MAXFD; i++) {
        Stat st;
        if (fstat(i, &st) < 0)
            continue;
        if (to_stdout)
            fprintf(1, "fd %d: name %s isdir %d size %d dev %s\n", i, st.st_name, st.st_isdir,
                    st.st_size, st.st_dev->dev_name);
        else
            cprintf("fd %d: name %s isdir %d size %d dev %s\n", i, st.st_name, st.st_isdir,
                    st.st_size, st.st_dev->dev_name);
    }
}
