// FlexSC IPC demo: the parent posts a receive and other calls in one batch.
// The receive's entry stays blocked while the others complete; when the child
// sends (through its own syscall page), the entry completes and the page and
// value arrive.

#include <inc/lib.h>

static char* const PAGE = reinterpret_cast<char*>(0x10000000);
static constexpr uint32_t VALUE = 0x600d;
static const char MESSAGE[] = "a page sent through FlexSC IPC";
// Shared by parent and child (PTE_SHARE): the parent sets it once it has seen
// its receive entry blocked, so the child's send cannot come before that check.
static volatile uint32_t* const go = reinterpret_cast<volatile uint32_t*>(0x11000000);

static void
child(envid_t parent)
{
    int r = flexsc_register();
    if (r < 0)
        panic("child: flexsc_register: %e", r);
    // Wait until the parent's receive is posted, blocked, and seen to be.
    while (!*go || !envs[ENVX(parent)].env_ipc_recving)
        sys_yield();
    if ((r = flexsc_call(Syscall::page_alloc, 0, PAGE, PTE_P | PTE_U | PTE_W)) < 0)
        panic("child: page_alloc: %e", r);
    memcpy(PAGE, MESSAGE, sizeof(MESSAGE));
    while ((r = flexsc_call(Syscall::ipc_try_send, parent, VALUE, PAGE, PTE_P | PTE_U | PTE_W)) ==
           to_int(Error::ipc_not_recv))
        sys_yield();
    if (r < 0)
        panic("child: ipc_try_send: %e", r);
    cprintf("flexscipc: child %08x sent value %x and a page\n", sys_getenvid(), VALUE);
}

void
umain(int, char**)
{
    int r = flexsc_register();
    if (r < 0)
        panic("flexsc_register: %e", r);
    if ((r = sys_page_alloc(0, const_cast<uint32_t*>(go), PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
        panic("sys_page_alloc: %e", r);
    envid_t parent = sys_getenvid();
    envid_t kid = fork();
    if (kid < 0)
        panic("fork: %e", kid);
    if (kid == 0) {
        child(parent);
        return;
    }

    int recv = flexsc_post(Syscall::ipc_recv, reinterpret_cast<uint32_t>(PAGE));
    int id = flexsc_post(Syscall::getenvid);
    int msec = flexsc_post(Syscall::time_msec);
    flex_cputs("flexscipc: this line comes from the same batch as the receive\n", 62);
    int completed = flexsc_wait();
    auto* page = reinterpret_cast<volatile SyscallPage*>(FLEXSC_DEFAULT_VA);
    bool blocked = entry_status(page->entries[recv]) == EntryStatus::blocked;
    cprintf("flexscipc: receive entry %s; %d other entries completed meanwhile (getenvid %08x)\n",
            blocked ? "blocked" : "NOT blocked", completed, flexsc_reap(id));
    flexsc_reap(msec);
    *go = 1;

    int32_t result = flexsc_reap(recv); // waits for the child's send
    envid_t from = thisenv->env_ipc_from;
    bool page_ok = thisenv->env_ipc_perm != 0 && strcmp(PAGE, MESSAGE) == 0;
    cprintf("flexscipc: receive completed: result %d, value %x from %08x, page %s\n", result,
            thisenv->env_ipc_value, from, page_ok ? "intact" : "MISSING");
    if (result == 0 && from == kid && thisenv->env_ipc_value == VALUE && page_ok)
        cprintf("flexscipc: done\n");
}
