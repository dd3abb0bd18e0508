// Transparent FlexSC's hybrid policy (lib/flexsc_route.cpp): a call is posted
// to the syscall page only when posting can pay, and made by sysenter
// otherwise. Prints what kstats counted for CALLS getenvid calls:
//   flexschybrid          one thread, nothing else in flight: every call by sysenter
//                         (every call posted under +flexsc=always)
//   flexschybrid threads  FlexSC-Threads, four threads calling: every call posted
//   flexschybrid poll     a polling syscall thread on CPU 1 (2 CPUs): every call
//                         posted and served by the polling thread

#include <inc/lib.h>
#include <inc/uthread.h>

static constexpr int THREADS = 4;
static constexpr int CALLS = 20; // in all

static int calls_right;
// The threads start calling once the counting has started. They sleep on
// `start` till then (a thread that only yielded would always be ready, and
// the main thread's posted calls, parked, would never be waited for).
static bool go;
static Mutex lock;
static CondVar start;

static void
make_calls(int n)
{
    for (int i = 0; i < n; i++)
        calls_right += sys_getenvid() == thisenv->env_id;
}

static void
thread_calls(void*)
{
    mutex_lock(&lock);
    while (!go)
        cond_wait(&start, &lock);
    mutex_unlock(&lock);
    make_calls(CALLS / THREADS);
}

// Created before the counting starts (their stacks cost calls too, and the
// main thread may park on those while the new threads run).
static int threads[THREADS];

static void
create_threads()
{
    for (int& id : threads) {
        id = thread_create(thread_calls, nullptr);
        if (id < 0)
            panic("thread_create: %e", id);
    }
}

static void
join_threads()
{
    for (int id : threads)
        thread_join(id, nullptr);
}

static uint32_t
path_delta(const KStats& before, const KStats& after, SyscallPath path)
{
    uint32_t p = static_cast<uint32_t>(path);
    return after.syscall_paths[p] - before.syscall_paths[p];
}

void
umain(int argc, char** argv)
{
    const char* mode = argc > 1 ? argv[1] : "single";
    int r = 0;
    bool threaded = strcmp(mode, "threads") == 0;
    if (threaded)
        r = flexsc_threads_start();
    else if (strcmp(mode, "poll") == 0 && (r = flexsc_register_polling(1)) >= 0)
        flexsc_transparent_start();
    else if (strcmp(mode, "single") != 0)
        r = to_int(Error::inval);
    else if (!flexsc_routing())
        flexsc_transparent_start(); // (unless the boot chose a mode: +flexsc, +flexsc=always)
    if (r < 0) {
        cprintf("flexschybrid: cannot start mode %s: %e\n", mode, r);
        return;
    }

    if (threaded)
        create_threads();
    KStats before, after;
    sys_kstats(&before); // (by sysenter itself, never routed: so is the second)
    go = true;
    if (threaded) {
        cond_broadcast(&start);
        join_threads();
    } else
        make_calls(CALLS);
    sys_kstats(&after);

    uint32_t getenvids = after.syscalls[static_cast<uint32_t>(Syscall::getenvid)] -
                         before.syscalls[static_cast<uint32_t>(Syscall::getenvid)];
    cprintf("flexschybrid: %s: %d calls (%d right): getenvid %u, by sysenter %u, by int %u, "
            "posted %u, served by a polling thread %u, registered %s\n",
            mode, CALLS, calls_right, getenvids, path_delta(before, after, SyscallPath::sysenter),
            path_delta(before, after, SyscallPath::int30),
            path_delta(before, after, SyscallPath::flexsc),
            after.flexsc_polled - before.flexsc_polled, flexsc_registered() ? "yes" : "no");
}
