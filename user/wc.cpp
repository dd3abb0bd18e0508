// wc [files...]: counts lines, words and bytes.

#include <inc/lib.h>

static void
count(int fd, const char* name)
{
    char buf[512];
    int lines = 0, words = 0, bytes = 0;
    bool in_word = false;
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            bytes++;
            lines += buf[i] == '\n';
            bool space = buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\t' || buf[i] == '\r';
            words += !space && !in_word;
            in_word = !space;
        }
    }
    printf("%7d %7d %7d%s%s\n", lines, words, bytes, *name ? " " : "", name);
}

void
umain(int argc, char** argv)
{
    if (argc == 1) {
        count(0, "");
        return;
    }
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            printf("wc: can't open %s: %e\n", argv[i], fd);
            continue;
        }
        count(fd, argv[i]);
        close(fd);
    }
}
