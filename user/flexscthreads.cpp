// FlexSC-Threads: threads whose system calls go through the syscall page.
// One thread waits in ipc_recv for a message the child sends only when told
// to; meanwhile three workers must make all their calls (a receive blocks its
// own thread, not the environment), in fewer kernel entries than calls.

#include <inc/lib.h>
#include <inc/uthread.h>

static constexpr int WORKERS = 3;
static constexpr int CALLS = 20;

static envid_t child;
static bool received;
static bool received_before_workers_finished;
static int workers_done;
static int calls_right;

static void
receiver(void*)
{
    envid_t from;
    int32_t value = ipc_recv(&from, nullptr, nullptr);
    received = true;
    cprintf("flexscthreads: receiver got %d from %s\n", value,
            from == child ? "the child" : "someone else");
}

static void
worker(void*)
{
    envid_t me = thisenv->env_id;
    for (int i = 0; i < CALLS; i++)
        calls_right += sys_getenvid() == me;
    if (received)
        received_before_workers_finished = true;
    workers_done++;
}

static uint32_t
syscall_entries()
{
    KStats s;
    sys_kstats(&s);
    return kstats_syscall_entries(s);
}

void
umain(int, char**)
{
    // The child blocks until told to send (it must not spin: its traps would count).
    envid_t parent = thisenv->env_id;
    child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        ipc_recv(nullptr, nullptr, nullptr);
        ipc_send(parent, 42, nullptr, 0);
        return;
    }

    int r = flexsc_threads_start();
    if (r < 0)
        panic("flexsc_threads_start: %e", r);
    int recv_thread = thread_create(receiver, nullptr);
    thread_yield(); // the receiver posts its ipc_recv and parks
    int ids[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        ids[i] = thread_create(worker, nullptr); // (their stacks cost calls too: not counted)
    uint32_t entries_before = syscall_entries();
    for (int i = 0; i < WORKERS; i++)
        thread_join(ids[i], nullptr);
    uint32_t entries = syscall_entries() - entries_before;
    cprintf(
        "flexscthreads: %d workers made %d calls (%d right) while a thread waited in ipc_recv%s\n",
        workers_done, WORKERS * CALLS, calls_right,
        received_before_workers_finished || received ? " -- NOT blocked" : "");
    cprintf("flexscthreads: %d calls took %u kernel entries\n", WORKERS * CALLS + 1, entries);

    ipc_send(child, 1, nullptr, 0);
    thread_join(recv_thread, nullptr);
    cprintf("flexscthreads: done\n");
}
