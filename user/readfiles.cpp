// readfiles PATH...: reads each file to its end and prints its length and
// checksum (32-bit FNV-1a), or the error that stopped it; a PATH written
// +NAME is created instead (O_CREAT), printing the outcome. Then writes a
// 64 KiB file /written (so the server must allocate blocks) and reads every
// file again, /written too. The hostile-image tests
// (grade/test_hardening_fs.py) compare the lines with the files on the host.

#include <inc/lib.h>

static constexpr size_t WRITTEN_SIZE = 64 * 1024;

// The stack is one page: buffers live here.
static uint8_t buf[PGSIZE];

static void
create_one(const char* path)
{
    int fd = open(path, O_RDWR | O_CREAT);
    if (fd < 0) {
        cprintf("readfiles: create %s: %e\n", path, fd);
        return;
    }
    close(fd);
    cprintf("readfiles: create %s: ok\n", path);
}

static void
read_one(const char* path)
{
    if (path[0] == '+') {
        create_one(path + 1);
        return;
    }
    uint32_t start = sys_time_msec();
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        cprintf("readfiles: %s: open: %e (%u ms)\n", path, fd, sys_time_msec() - start);
        return;
    }
    uint32_t hash = 2166136261u, total = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < n; i++)
            hash = (hash ^ buf[i]) * 16777619u;
        total += n;
    }
    close(fd);
    if (n < 0)
        cprintf("readfiles: %s: read after %u bytes: %e (%u ms)\n", path, total,
                static_cast<int>(n), sys_time_msec() - start);
    else
        cprintf("readfiles: %s: %u bytes, fnv %08x (%u ms)\n", path, total, hash,
                sys_time_msec() - start);
}

// Writes WRITTEN_SIZE bytes, byte i being i % 251.
static void
write_file()
{
    int fd = open("/written", O_WRONLY | O_CREAT | O_TRUNC);
    if (fd < 0) {
        cprintf("readfiles: /written: create: %e\n", fd);
        return;
    }
    size_t total = 0;
    while (total < WRITTEN_SIZE) {
        for (size_t i = 0; i < sizeof(buf); i++)
            buf[i] = (total + i) % 251;
        ssize_t n = write(fd, buf, sizeof(buf));
        if (n < 0) {
            cprintf("readfiles: /written: write after %u bytes: %e\n", total, static_cast<int>(n));
            break;
        }
        total += n;
    }
    close(fd);
    cprintf("readfiles: wrote /written: %u bytes\n", total);
}

void
umain(int argc, char** argv)
{
    for (int i = 1; i < argc; i++)
        read_one(argv[i]);
    write_file();
    for (int i = 1; i < argc; i++)
        read_one(argv[i]);
    read_one("/written");
    cprintf("readfiles: done\n");
}
