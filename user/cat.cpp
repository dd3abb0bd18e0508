// cat [files...]: copies the files (or standard input) to standard output.

#include <inc/lib.h>

static void
copy(int fd, const char* name)
{
    char buf[512];
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        ssize_t w = write(1, buf, n);
        if (w != n)
            panic("write error copying %s: %e", name, static_cast<int>(w));
    }
    if (n < 0)
        panic("error reading %s: %e", name, static_cast<int>(n));
}

void
umain(int argc, char** argv)
{
    binaryname = "cat";
    if (argc == 1) {
        copy(0, "<stdin>");
        return;
    }
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            printf("cat: can't open %s: %e\n", argv[i], fd);
            continue;
        }
        copy(fd, argv[i]);
        close(fd);
    }
}
