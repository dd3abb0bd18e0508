// A page mapped PTE_SHARE stays shared across fork and spawn: the child's
// writes show in the parent.

#include <inc/lib.h>

static char* const VA = reinterpret_cast<char*>(0xA0000000);
static const char msg[] = "hello, world\n";
static const char msg2[] = "goodbye, world\n";

void
umain(int argc, char**)
{
    if (argc != 0) {
        // The spawned copy of this program.
        strcpy(VA, msg2);
        exit();
    }
    int r = sys_page_alloc(0, VA, PTE_P | PTE_W | PTE_U | PTE_SHARE);
    if (r < 0)
        panic("sys_page_alloc: %e", r);
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        strcpy(VA, msg);
        exit();
    }
    wait(child);
    cprintf("fork handles PTE_SHARE %s\n", strcmp(VA, msg) == 0 ? "right" : "wrong");

    child = spawnl("/testpteshare", "testpteshare", "arg", static_cast<const char*>(nullptr));
    if (child < 0)
        panic("spawn: %e", child);
    wait(child);
    cprintf("spawn handles PTE_SHARE %s\n", strcmp(VA, msg2) == 0 ? "right" : "wrong");
}
