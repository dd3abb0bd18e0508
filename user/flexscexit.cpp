// exit() of a FlexSC owner must finish whatever its syscall page holds: an
// unreaped receive that blocks, entries a sibling sharing the page rewrote
// (a forged "busy", an ipc_recv it submitted), with a plain or a polling
// syscall thread. Each case runs in a child; the parent gives it a few seconds
// to end, and says HUNG (and destroys it) if it does not.
// "flexscexit stress N" repeats the sibling case N times on polling threads
// (it needs 4 CPUs: the children's threads take turns on CPUs 1 to 3).

#include <inc/lib.h>

static volatile SyscallPage* const page =
    reinterpret_cast<volatile SyscallPage*>(FLEXSC_DEFAULT_VA);
static constexpr uint32_t EXIT_TIMEOUT_MS = 5000;

static bool
alive(envid_t id)
{
    return envs[ENVX(id)].env_id == id && envs[ENVX(id)].env_status != ENV_FREE;
}

// Registers with a polling thread on one of CPUs 1..ncpus-1; a CPU is busy
// for a moment after the previous owner's thread ended there.
static void
register_polling(int round)
{
    uint32_t start = sys_time_msec();
    for (int cpu = 1 + round % 3;; cpu = cpu % 3 + 1) {
        if (flexsc_register_polling(cpu) == 0)
            return;
        if (sys_time_msec() - start > 5000)
            panic("no CPU for a polling thread");
        sys_yield();
    }
}

// Writes an entry as a hostile sharer would: no library, any status.
static void
forge(int i, Syscall number, uint32_t arg, EntryStatus status)
{
    volatile SyscallEntry& e = page->entries[i];
    e.number = static_cast<uint32_t>(number);
    e.args[0] = arg;
    set_entry_status(e, status);
}

// A sibling (sfork: same memory, but the syscall page must be mapped for it)
// submits a receive that will block and forges a busy entry, or, with
// `rounds`, scribbles over every entry for that many passes; then it ends.
static void
sibling_rewrites(uint32_t rounds)
{
    envid_t sibling = sfork();
    if (sibling == 0) {
        while (!(uvpd[PDX(FLEXSC_DEFAULT_VA)] & PTE_P) || !(uvpt[PGNUM(FLEXSC_DEFAULT_VA)] & PTE_P))
            sys_yield();
        for (uint32_t n = 0; n < rounds * FLEXSC_ENTRIES; n++) {
            volatile SyscallEntry& e = page->entries[n % FLEXSC_ENTRIES];
            e.number = n * 2654435761u % 20;
            e.args[0] = n % 3 == 0 ? UTOP : n * 40503u;
            e.status = n % 5;
        }
        forge(5, Syscall::ipc_recv, UTOP, EntryStatus::submitted);
        forge(9, Syscall::getenvid, 0, EntryStatus::busy);
        sys_env_destroy(0);
    }
    int r = sys_page_map(0, const_cast<SyscallPage*>(page), sibling, const_cast<SyscallPage*>(page),
                         PTE_P | PTE_U | PTE_W);
    if (r < 0)
        panic("sys_page_map: %e", r);
    for (int i = 0; i < 20; i++)
        flexsc_post(Syscall::getenvid);
    while (alive(sibling))
        sys_yield();
    // A polling thread serves the receive the sibling submitted by itself:
    // it blocks (or completes, if the scribbling sent something). A plain
    // thread serves it only in exit's flush.
    while (poller_state(*page) == PollerState::awake &&
           entry_status(page->entries[5]) == EntryStatus::submitted)
        sys_yield();
}

static void
owner(const char* how, int round)
{
    if (strcmp(how, "recv") == 0) {
        if (flexsc_register() < 0)
            panic("flexsc_register");
        cprintf("flexscexit: recv: output posted before exit()\n");
        flexsc_post(Syscall::ipc_recv, UTOP); // posted, never reaped: exit's flush runs it
        exit();
    } else if (strcmp(how, "sibling") == 0) {
        if (flexsc_register() < 0)
            panic("flexsc_register");
        sibling_rewrites(0);
    } else if (strcmp(how, "pollsibling") == 0) {
        register_polling(round);
        sibling_rewrites(0);
    } else {
        register_polling(round);
        sibling_rewrites(20);
    }
    char line[80];
    snprintf(line, sizeof(line), "flexscexit: %s: output posted before exit()\n", how);
    flex_cputs(line, strlen(line)); // exit's flush must get it out
    exit();
}

// Runs one case in a child; returns whether its exit() finished.
static bool
run_case(const char* how, int round)
{
    envid_t kid = fork();
    if (kid < 0)
        panic("fork: %e", kid);
    if (kid == 0)
        owner(how, round);
    uint32_t start = sys_time_msec();
    while (alive(kid) && sys_time_msec() - start < EXIT_TIMEOUT_MS)
        sys_yield();
    if (!alive(kid))
        return true;
    cprintf("flexscexit: %s: the owner HUNG in exit()\n", how);
    sys_env_destroy(kid);
    while (alive(kid))
        sys_yield();
    return false;
}

void
umain(int argc, char** argv)
{
    if (argc > 2 && strcmp(argv[1], "stress") == 0) {
        int rounds = strtol(argv[2], nullptr, 10);
        int ended = 0;
        for (int i = 0; i < rounds; i++)
            ended += run_case("stress", i);
        cprintf("flexscexit: stress: %d of %d owners exited\n", ended, rounds);
        return;
    }
    static const char* const cases[] = {"recv", "sibling", "pollsibling"};
    for (const char* how : cases) {
        if (run_case(how, 0))
            cprintf("flexscexit: %s: the owner exited\n", how);
    }
    cprintf("flexscexit: done\n");
}
