// Parent and child pass a page back and forth by IPC, each writing a message in it.

#include <inc/lib.h>

static const char to_child[] = "hello child environment! how are you?";
static const char to_parent[] = "hello parent environment! I'm good.";

static char* const PARENT_PAGE = reinterpret_cast<char*>(0xa00000);
static char* const CHILD_PAGE = reinterpret_cast<char*>(0xb00000);

void
umain(int, char**)
{
    envid_t who;
    if ((who = fork()) == 0) {
        ipc_recv(&who, CHILD_PAGE, nullptr);
        cprintf("%x got message: %s\n", who, CHILD_PAGE);
        if (strncmp(CHILD_PAGE, to_child, sizeof(to_child)) == 0)
            cprintf("child received correct message\n");
        memcpy(CHILD_PAGE, to_parent, sizeof(to_parent));
        ipc_send(who, 0, CHILD_PAGE, PTE_P | PTE_W | PTE_U);
        return;
    }

    sys_page_alloc(0, PARENT_PAGE, PTE_P | PTE_W | PTE_U);
    memcpy(PARENT_PAGE, to_child, sizeof(to_child));
    ipc_send(who, 0, PARENT_PAGE, PTE_P | PTE_W | PTE_U);

    ipc_recv(&who, PARENT_PAGE, nullptr);
    cprintf("%x got message: %s\n", who, PARENT_PAGE);
    if (strncmp(PARENT_PAGE, to_parent, sizeof(to_parent)) == 0)
        cprintf("parent received correct message\n");
}
