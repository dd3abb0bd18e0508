// Hostile use of FlexSC: garbage in entries, bad pointers, a sibling
// rewriting entries while the kernel serves them, the page unmapped under the
// syscall thread, owners destroyed mid-batch, by their parent and by a fault.
// The kernel must stay up and other environments unaffected; every page must
// come back (the monitor's free page count, checked by the test).
// "flexschostile poll" does it all with polling syscall threads (FLEXSC_POLL:
// the parent's on CPU 1, each child's on CPU 2), which read the page without
// the kernel lock while the rest happens; it needs 3 CPUs.

#include <inc/lib.h>

static volatile SyscallPage* const page =
    reinterpret_cast<volatile SyscallPage*>(FLEXSC_DEFAULT_VA);
static bool polling;

// Registers the normal way, or with a polling thread on `cpu`. A child's CPU
// may still be held for a moment by the previous child's thread, which frees
// itself on its own CPU after its owner died (a moment that grows when the
// host is busy and that CPU's emulator thread waits for a host core).
static int
register_page(int cpu)
{
    if (!polling)
        return flexsc_register();
    int r;
    uint32_t start = sys_time_msec();
    while ((r = flexsc_register_polling(cpu)) == to_int(Error::inval) &&
           sys_time_msec() - start < 5000)
        sys_yield();
    return r;
}

static void
wait_until_gone(envid_t id)
{
    while (envs[ENVX(id)].env_id == id && envs[ENVX(id)].env_status != ENV_FREE)
        sys_yield();
}

// Garbage numbers and statuses, kernel and unmapped pointers.
static void
garbage_and_bad_pointers()
{
    // Entries with statuses the kernel must leave alone.
    page->entries[60].status = 7;
    page->entries[61].status = 0xdeadbeef;
    page->entries[61].number = static_cast<uint32_t>(Syscall::env_destroy);
    int a = flexsc_post(static_cast<Syscall>(0xdeadbeef), 1, 2, 3, 4, 5);
    int b = flexsc_post(Syscall::cputs, 0xf0100000, 100);        // kernel memory
    int c = flexsc_post(Syscall::cputs, 0x1000, 10);             // unmapped
    int d = flexsc_post(Syscall::cputs, 0xeebff000, 0xffffffff); // wraps around
    int e = flexsc_post(Syscall::env_set_trapframe, 0, 0xf0000000);
    int f = flexsc_post(Syscall::kstats, 0xf0100000);
    int g = flexsc_post(Syscall::page_map, 0, 0xef000000, 0, 0x10000000, PTE_P | PTE_U);
    int results[] = {flexsc_reap(a), flexsc_reap(b), flexsc_reap(c), flexsc_reap(d),
                     flexsc_reap(e), flexsc_reap(f), flexsc_reap(g)};
    bool untouched = page->entries[60].status == 7 && page->entries[61].status == 0xdeadbeef;
    cprintf("flexschostile: garbage: %e, %e, %e, %e, %e, %e, %e; odd statuses %s\n", results[0],
            results[1], results[2], results[3], results[4], results[5], results[6],
            untouched ? "left alone" : "CHANGED");
    page->entries[60].status = 0;
    page->entries[61].status = 0;
}

// A sibling on another CPU rewrites entries while the kernel serves them.
static void
sibling_rewrites_entries()
{
    envid_t sibling = sfork();
    if (sibling == 0) {
        // The page is PTE_NOCOPY: sfork left it out; the parent maps it here.
        while (uvpd[PDX(FLEXSC_DEFAULT_VA)] == 0 || !(uvpt[PGNUM(FLEXSC_DEFAULT_VA)] & PTE_P))
            sys_yield();
        for (uint32_t n = 0;; n++) {
            volatile SyscallEntry& e = page->entries[n % FLEXSC_ENTRIES];
            e.number = n * 2654435761u % 40;
            e.args[0] = n * 40503u;
            e.args[1] = 0xf0000000 + n;
            e.status = n % 5;
        }
    }
    int r = sys_page_map(0, const_cast<SyscallPage*>(page), sibling, const_cast<SyscallPage*>(page),
                         PTE_P | PTE_U | PTE_W);
    if (r < 0)
        panic("sys_page_map: %e", r);
    int served = 0;
    for (int round = 0; round < 200; round++) {
        for (int i = 0; i < 8; i++)
            flexsc_post(Syscall::getenvid);
        served += flexsc_wait() > 0;
        for (int i = 0; i < FLEXSC_ENTRIES; i++) {
            EntryStatus s = entry_status(page->entries[i]);
            if (s == EntryStatus::done)
                set_entry_status(page->entries[i], EntryStatus::free);
        }
    }
    sys_env_destroy(sibling);
    wait_until_gone(sibling);
    // The sibling scribbled over every entry: start from a clean page.
    for (int i = 0; i < FLEXSC_ENTRIES; i++)
        page->entries[i].status = 0;
    flexsc_flush();
    cprintf("flexschostile: sibling rewrote entries for 200 rounds; kernel still up\n");
}

// Children that register, then go away in the middle of things.
enum class Ending {
    self_destroy_mid_batch,
    unmap_then_wait,
    fault_with_entries,
    killed_while_blocked
};

// Writes address 0, which is never mapped. Not checked by make SANITIZE=1 for
// null pointers: the fault is the point.
[[gnu::no_sanitize("null"), gnu::noinline]] static void
write_address_zero()
{
    volatile uintptr_t address = 0; // volatile: the compiler must not see a null pointer
    *reinterpret_cast<volatile int*>(address) = 1;
}

static void
child_case(Ending how)
{
    if (register_page(2) < 0)
        panic("child: flexsc_register");
    switch (how) {
    case Ending::self_destroy_mid_batch:
        for (int i = 0; i < 10; i++)
            flexsc_post(Syscall::getenvid);
        flexsc_post(Syscall::env_destroy, 0);
        for (int i = 0; i < 10; i++)
            flexsc_post(Syscall::page_alloc, 0, 0x10000000 + i * PGSIZE, PTE_P | PTE_U | PTE_W);
        flexsc_wait();
        cprintf("flexschostile: SHOULD NOT RUN after destroying itself\n");
        break;
    case Ending::unmap_then_wait:
        for (int i = 0; i < 20; i++)
            flexsc_post(Syscall::page_alloc, 0, 0x10000000 + i * PGSIZE, PTE_P | PTE_U | PTE_W);
        sys_page_unmap(0, const_cast<SyscallPage*>(page));
        syscall_via(syscall_default_path, static_cast<uint32_t>(Syscall::flexsc_wait), 0, 0, 0, 0,
                    0);
        cprintf("flexschostile: syscall page unmapped under the thread; wait returned\n");
        break;
    case Ending::fault_with_entries:
        for (int i = 0; i < 30; i++)
            flexsc_post(Syscall::getenvid);
        sys_env_set_pgfault_upcall(0, nullptr); // no handler: the kernel destroys us
        write_address_zero();
        break;
    case Ending::killed_while_blocked:
        flexsc_post(Syscall::ipc_recv, UTOP);
        flexsc_post(Syscall::getenvid);
        flexsc_wait();
        flexsc_wait(); // sleeps: only the receive is outstanding
        break;
    }
    sys_env_destroy(0);
}

static void
run_child(Ending how, const char* what)
{
    envid_t kid = fork();
    if (kid == 0) {
        child_case(how);
        return;
    }
    if (how == Ending::killed_while_blocked) {
        while (!envs[ENVX(kid)].env_ipc_recving || envs[ENVX(kid)].env_status != ENV_NOT_RUNNABLE)
            sys_yield();
        sys_env_destroy(kid);
    }
    wait_until_gone(kid);
    cprintf("flexschostile: %s: kernel still up\n", what);
}

void
umain(int argc, char** argv)
{
    polling = argc > 1 && strcmp(argv[1], "poll") == 0;
    int r = register_page(1);
    if (r < 0)
        panic("flexsc_register: %e", r);
    cprintf("flexschostile: registering twice: %e; at an unaligned address: %e\n",
            flexsc_register(),
            syscall_via(SyscallPath::int30, static_cast<uint32_t>(Syscall::flexsc_register),
                        0x20000001, 0, 0, 0, 0));
    garbage_and_bad_pointers();
    sibling_rewrites_entries();
    if (sys_getenvid() != thisenv->env_id)
        return;
    run_child(Ending::self_destroy_mid_batch, "owner destroyed itself mid-batch");
    run_child(Ending::unmap_then_wait, "owner unmapped its syscall page");
    run_child(Ending::fault_with_entries, "owner faulted with entries pending");
    run_child(Ending::killed_while_blocked,
              "owner killed by its parent while an entry was blocked");
    cprintf("flexschostile: done\n");
}
