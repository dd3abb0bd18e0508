// Several receives outstanding through the syscall page (doc/flexsc.md, "IPC
// through the syscall page"): a send completes the oldest, with its own
// message and its own page; the hostile cases (the same destination twice,
// the same entry posted twice, a receive by trap meanwhile, an environment
// destroyed or exiting with receives outstanding, a thread exiting with its
// receives in flight) get an error or a clean teardown. The grade test checks
// the monitor's free page count after it.
//   flexscrecvq poll: with a polling syscall thread on CPU 1, a wait whose only
//   outstanding entry is a blocked receive sleeps instead of spinning: the
//   sender shares the program's CPU.

#include <inc/lib.h>
#include <inc/uthread.h>

namespace {
char* const PAGES = reinterpret_cast<char*>(0x10000000);  // destinations: PAGES + i * PGSIZE
char* const SOURCE = reinterpret_cast<char*>(0x12000000); // a sender's page
// Shared by the parent and its children (PTE_SHARE): the step each has reached.
struct Steps {
    volatile int go;    // the parent's: the child may send message `go`
    volatile int ready; // a child's: its receives are posted
};
Steps* const steps = reinterpret_cast<Steps*>(0x11000000);

char*
page(int i)
{
    return PAGES + i * PGSIZE;
}

// Sends value to whom with a page saying "message <value>", by trap.
void
send_page(envid_t whom, uint32_t value)
{
    int r = sys_page_alloc(0, SOURCE, PTE_P | PTE_U | PTE_W);
    if (r < 0)
        panic("sys_page_alloc: %e", r);
    snprintf(SOURCE, 32, "message %u", value);
    ipc_send(whom, value, SOURCE, PTE_P | PTE_U | PTE_W);
    sys_page_unmap(0, SOURCE);
}

void
wait_for(volatile int& word, int value)
{
    while (word < value)
        sys_yield();
}

// The first child: sends messages 1, 2, 3, then 4, as the parent says.
void
sender(envid_t parent)
{
    for (uint32_t v = 1; v <= 4; v++) {
        wait_for(steps->go, static_cast<int>(v));
        send_page(parent, v);
    }
}

// Has every entry posted so far served: a wait alone could sleep until a
// receive completes (the wait rule counts completions, and a receive blocks),
// so a call that completes at once goes after them, in the same pass.
void
serve_posted()
{
    int id = flexsc_post(Syscall::getenvid);
    while (!flexsc_entry_done(id))
        flexsc_wait();
    flexsc_reap(id);
}

bool
holds(int i, uint32_t value)
{
    char want[32];
    snprintf(want, sizeof(want), "message %u", value);
    return strcmp(page(i), want) == 0;
}

// Three receives posted in one batch with other calls; messages 1, 2, 3
// complete them oldest first, each page where its own entry asked.
void
oldest_first(envid_t kid)
{
    int first = flexsc_post_recv(page(0));
    int second = flexsc_post_recv(page(1));
    int third = flexsc_post_recv(page(2));
    int same = flexsc_post_recv(page(1));
    int unaligned = flexsc_post_recv(page(3) + 1);
    int id = flexsc_post(Syscall::getenvid);
    while (!flexsc_entry_done(id))
        flexsc_wait();
    auto* p = reinterpret_cast<volatile SyscallPage*>(FLEXSC_DEFAULT_VA);
    bool blocked = entry_status(p->entries[first]) == EntryStatus::blocked &&
                   entry_status(p->entries[second]) == EntryStatus::blocked &&
                   entry_status(p->entries[third]) == EntryStatus::blocked;
    int same_r = flexsc_reap(same), unaligned_r = flexsc_reap(unaligned);
    int by_trap = sys_ipc_recv(page(4)); // this program is not in transparent mode: a trap
    cprintf("flexscrecvq: 3 receives %s, getenvid %s; the same page again: %e; unaligned: %e; "
            "by trap meanwhile: %e\n",
            blocked ? "outstanding" : "NOT outstanding",
            flexsc_reap(id) == thisenv->env_id ? "done" : "WRONG", same_r, unaligned_r, by_trap);

    steps->go = 3; // the child sends 1, 2, 3
    int entries[] = {first, second, third};
    bool right = true;
    for (int i = 0; i < 3; i++) {
        envid_t from;
        int perm;
        int32_t value = flexsc_reap_recv(entries[i], &from, &perm);
        right &= value == i + 1 && from == kid && perm != 0 && holds(i, value);
        if (!right)
            cprintf("flexscrecvq: MISMATCH receive %d: value %d from %08x perm %x page '%s'\n", i,
                    value, from, perm, page(i));
    }
    if (right)
        cprintf("flexscrecvq: completed oldest first, each with its own value, sender and page\n");
}

// A blocked entry forged back to submitted: the second call fails, the
// first receive stays outstanding and completes.
void
entry_posted_twice()
{
    auto* p = reinterpret_cast<volatile SyscallPage*>(FLEXSC_DEFAULT_VA);
    int e = flexsc_post_recv(page(5));
    serve_posted();
    set_entry_status(p->entries[e], EntryStatus::submitted);
    serve_posted();
    bool refused = entry_status(p->entries[e]) == EntryStatus::done &&
                   p->entries[e].result == to_int(Error::inval);
    int32_t second = p->entries[e].result;
    set_entry_status(p->entries[e], EntryStatus::blocked); // what the kernel holds it to be
    steps->go = 4;
    envid_t from;
    int32_t value = flexsc_reap_recv(e, &from, nullptr);
    cprintf(
        "flexscrecvq: the same entry posted twice: %e%s; the first receive completed with %d%s\n",
        second, refused ? "" : " (NOT refused)", value, holds(5, 4) ? "" : " (NO PAGE)");
}

// A child with receives outstanding, destroyed after one completed.
void
destroyed_with_receives_outstanding()
{
    steps->ready = 0;
    envid_t kid = fork();
    if (kid < 0)
        panic("fork: %e", kid);
    if (kid == 0) {
        if (flexsc_register() < 0)
            panic("child: flexsc_register");
        for (int i = 0; i < 3; i++)
            flexsc_post_recv(page(i));
        serve_posted();
        steps->ready = 1;
        for (;;)
            sys_yield(); // until destroyed
    }
    wait_for(steps->ready, 1);
    send_page(kid, 7); // completes the oldest; two stay outstanding
    int r = sys_env_destroy(kid);
    int after = sys_ipc_try_send(kid, 8, reinterpret_cast<void*>(UTOP), 0);
    cprintf("flexscrecvq: a child destroyed with 2 receives outstanding (destroy: %d); a send to "
            "it then: %e\n",
            r, after);
}

int orphans[2];

void
post_and_exit(void*)
{
    orphans[0] = flexsc_post_recv(page(0));
    orphans[1] = flexsc_post_recv(page(1));
    thread_exit(0); // its receives stay posted
}

// A FlexSC-Threads child whose thread exits with two receives in flight; one
// completes with nobody to reap it, and the child exits with the other outstanding.
void
thread_exits_with_receives_in_flight()
{
    steps->ready = 0;
    envid_t kid = fork();
    if (kid < 0)
        panic("fork: %e", kid);
    if (kid == 0) {
        if (flexsc_threads_start() < 0)
            panic("child: flexsc_threads_start");
        int t = thread_create(post_and_exit, nullptr);
        thread_join(t, nullptr);
        serve_posted();
        steps->ready = 1;
        wait_for(steps->ready, 2);
        while (!flexsc_entry_done(orphans[0]))
            flexsc_wait();
        cprintf("flexscrecvq: child: the exited thread's first receive completed (%s), the second "
                "outstanding; exiting\n",
                holds(0, 9) ? "its page arrived" : "NO PAGE");
        exit();
    }
    wait_for(steps->ready, 1);
    send_page(kid, 9);
    steps->ready = 2;
    wait(kid);
    cprintf("flexscrecvq: a thread exited with receives in flight: child gone, kernel still up\n");
}
// Waits for a receive while a polling thread is awake on CPU 1, counting how
// often flexsc_wait_progress returns, once the receive is blocked, before the
// message comes: a spinning wait returns hundreds of times, a sleeping one
// once or twice. (While it is still submitted, spinning is right: the
// poller serves it, however long the host keeps that CPU from running.)
void
wait_on_a_receive_with_a_poller()
{
    int r = flexsc_register_polling(1);
    if (r < 0)
        panic("flexsc_register_polling(1): %e (needs 2 CPUs)", r);
    if ((r = sys_page_alloc(0, steps, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
        panic("sys_page_alloc: %e", r);
    envid_t parent = thisenv->env_id;
    envid_t kid = fork();
    if (kid < 0)
        panic("fork: %e", kid);
    if (kid == 0) {
        // Runs only when the parent leaves CPU 0 (the poller has CPU 1), and
        // sends only once the parent has seen its receive blocked.
        wait_for(steps->go, 1);
        ipc_send(parent, 5, nullptr, 0);
        return;
    }
    int e = flexsc_post_recv(nullptr);
    serve_posted(); // the receive is blocked, and the poller was just at work (awake)
    steps->go = 1;
    uint32_t returns = 0;
    while (!flexsc_entry_done(e)) {
        flexsc_wait_progress();
        returns++;
    }
    envid_t from;
    int32_t value = flexsc_reap_recv(e, &from, nullptr);
    cprintf("flexscrecvq: waiting on a receive with a poller awake: %s (value %d from %s)\n",
            returns <= 4 ? "slept" : "SPUN", value, from == kid ? "the child" : "someone else");
    wait(kid);
}
} // namespace

void
umain(int argc, char** argv)
{
    if (argc > 1 && strcmp(argv[1], "poll") == 0) {
        wait_on_a_receive_with_a_poller();
        return;
    }
    int r = flexsc_register();
    if (r < 0)
        panic("flexsc_register: %e", r);
    if ((r = sys_page_alloc(0, steps, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
        panic("sys_page_alloc: %e", r);
    envid_t parent = thisenv->env_id;
    envid_t kid = fork();
    if (kid < 0)
        panic("fork: %e", kid);
    if (kid == 0) {
        sender(parent);
        return;
    }
    oldest_first(kid);
    entry_posted_twice();
    wait(kid);
    destroyed_with_receives_outstanding();
    thread_exits_with_receives_in_flight();
    cprintf("flexscrecvq: done\n");
}
