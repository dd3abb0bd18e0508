// spawnbadelf: spawns every file in the root directory whose name starts with
// "bad-elf-" (malformed executables that fs/corrupt_image.py puts in
// obj/fs/badelf.img) and prints whether spawn refused it; then spawns hello
// and reads /motd, to show that spawn and the file server still work.

#include <inc/lib.h>

static const char PREFIX[] = "bad-elf-";

// The stack is one page: the directory entry and the copied name live here.
static File entry;
static char name[MAXNAMELEN];

static void
try_spawn(const char* path)
{
    const char* argv[] = {path, nullptr};
    envid_t child = spawn(path, argv);
    if (child < 0) {
        cprintf("spawnbadelf: %s refused: %e\n", path, child);
        return;
    }
    // A loader that accepted garbage: stop the child before it does anything.
    sys_env_destroy(child);
    cprintf("spawnbadelf: %s ACCEPTED as %08x\n", path, child);
}

void
umain(int, char**)
{
    int dir = open("/", O_RDONLY);
    if (dir < 0)
        panic("open /: %e", dir);
    // Spawning moves no offset of dir: spawn opens the program afresh.
    while (readn(dir, &entry, sizeof(entry)) == sizeof(entry)) {
        if (strncmp(entry.f_name, PREFIX, sizeof(PREFIX) - 1) != 0)
            continue;
        memcpy(name, entry.f_name, MAXNAMELEN - 1);
        name[MAXNAMELEN - 1] = '\0';
        try_spawn(name);
    }
    close(dir);

    envid_t hello = spawnl("hello", "hello", nullptr);
    if (hello < 0)
        panic("spawn hello: %e", hello);
    wait(hello);
    int fd = open("/motd", O_RDONLY);
    char line[40];
    ssize_t n = fd < 0 ? fd : read(fd, line, sizeof(line) - 1);
    if (n < 0)
        panic("read /motd: %e", static_cast<int>(n));
    line[n] = '\0';
    cprintf("spawnbadelf: /motd starts \"%.20s\"\n", line);
    cprintf("spawnbadelf: done\n");
}
