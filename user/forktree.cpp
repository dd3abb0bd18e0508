// Forks a binary tree of environments three levels deep; each names its path.

#include <inc/lib.h>

static constexpr size_t DEPTH = 3;

static void forktree(const char* path);

static void
forkchild(const char* path, char branch)
{
    if (strlen(path) >= DEPTH)
        return;
    char child_path[DEPTH + 1];
    snprintf(child_path, sizeof(child_path), "%s%c", path, branch);
    if (fork() == 0) {
        forktree(child_path);
        exit();
    }
}

static void
forktree(const char* path)
{
    cprintf("%04x: I am '%s'\n", sys_getenvid(), path);
    forkchild(path, '0');
    forkchild(path, '1');
}

void
umain(int, char**)
{
    forktree("");
}
