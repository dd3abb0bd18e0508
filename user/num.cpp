// num [files...]: copies the input to the output, numbering the lines.

#include <inc/lib.h>

static int line = 0;
static bool at_line_start = true;

static void
number(int fd, const char* name)
{
    char c;
    ssize_t n;
    while ((n = read(fd, &c, 1)) > 0) {
        if (at_line_start) {
            printf("%5d ", ++line);
            at_line_start = false;
        }
        if (write(1, &c, 1) != 1)
            panic("write error copying %s", name);
        at_line_start = c == '\n';
    }
    if (n < 0)
        panic("error reading %s: %e", name, static_cast<int>(n));
}

void
umain(int argc, char** argv)
{
    binaryname = "num";
    if (argc == 1) {
        number(0, "<stdin>");
        return;
    }
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0)
            panic("can't open %s: %e", argv[i], fd);
        number(fd, argv[i]);
        close(fd);
    }
}
