// ls [-dFl] [paths...]: lists directories (the root by default).
//   -d: list a directory itself, not its entries; -F: mark directories with /;
//   -l: long format, with the type and size.
// A path that cannot be listed gets a line saying why (on standard output, as
// in cat: init opens no standard error) and the others are still listed: a
// mistyped name is not a bug in ls, so no panic.

#include <inc/lib.h>

static bool flag_d, flag_F, flag_l;

static void
print_entry(const char* prefix, const char* name, bool isdir, off_t size)
{
    if (flag_l)
        printf("%11d %c ", size, isdir ? 'd' : '-');
    printf("%s%s", prefix, name);
    if (flag_F && isdir)
        printf("/");
    printf("\n");
}

static void
list_directory(const char* path, const char* prefix)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("ls: %s: %e\n", path, fd);
        return;
    }
    File f;
    ssize_t n;
    while ((n = readn(fd, &f, sizeof(f))) == sizeof(f)) {
        if (f.f_name[0] != '\0')
            print_entry(prefix, f.f_name, f.f_type == FTYPE_DIR, f.f_size);
    }
    if (n > 0)
        printf("ls: %s: a short read in the directory\n", path);
    if (n < 0)
        printf("ls: %s: %e\n", path, static_cast<int>(n));
    close(fd);
}

static void
list(const char* path, const char* prefix)
{
    Stat st;
    int r = stat(path, &st);
    if (r < 0) {
        printf("ls: %s: %e\n", path, r);
        return;
    }
    if (st.st_isdir && !flag_d)
        list_directory(path, prefix);
    else
        print_entry("", path, st.st_isdir, st.st_size);
}

void
umain(int argc, char** argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        for (const char* f = argv[i] + 1; *f != '\0'; f++) {
            if (*f == 'd')
                flag_d = true;
            else if (*f == 'F')
                flag_F = true;
            else if (*f == 'l')
                flag_l = true;
            else {
                printf("usage: ls [-dFl] [file...]\n");
                exit();
            }
        }
    }
    if (i == argc)
        list("/", "");
    for (; i < argc; i++)
        list(argv[i], argv[i]);
}
