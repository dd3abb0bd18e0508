// System call cost benchmarks for make bench (grade/bench.py, doc/bench.md).
//   bench null [quick]: the null call (getenvid) by int $0x30, by sysenter, by
//       FlexSC in batches of 1, 8, 32 and 64, and pipelined (64 in flight) to a
//       polling syscall thread on CPU 1 (needs 2 CPUs).
//   bench ipc [quick]: IPC ping-pong with a child, by traps, then with both
//       sides in FlexSC-Threads mode.
// Each case runs several times; each run prints one BENCH line (user/bench.h).

#include "bench.h"
#include <inc/uthread.h>

namespace {
struct Sizes {
    int reps;
    int calls;  // null calls per run (a multiple of 64)
    int rounds; // IPC round trips per run
};
} // namespace

[[noreturn]] static void
wrong_result(envid_t got, const char* what)
{
    panic("%s returned %08x, not %08x", what, got, thisenv->env_id);
}

// Each null call's result is checked. Inline (inc/hot_path.h): the check
// should cost a compare in every case's figure, not a call.
HOT_INLINE static void
check(envid_t got, const char* what)
{
    if (got != thisenv->env_id)
        wrong_result(got, what);
}

static void
null_by_trap(const Sizes& n, SyscallPath path, const char* name)
{
    for (int rep = 0; rep < n.reps; rep++) {
        BenchProbe p = bench_start();
        for (int i = 0; i < n.calls; i++)
            check(syscall_via(path, static_cast<uint32_t>(Syscall::getenvid), 0, 0, 0, 0, 0), name);
        bench_stop(p, name, n.calls);
    }
}

// Posts `batch` calls, then reaps them: one flexsc_wait serves the batch.
static void
null_by_flexsc_batches(const Sizes& n, int batch, const char* name)
{
    int entries[FLEXSC_ENTRIES];
    for (int rep = 0; rep < n.reps; rep++) {
        BenchProbe p = bench_start();
        for (int done = 0; done < n.calls; done += batch) {
            for (int b = 0; b < batch; b++)
                entries[b] = flexsc_post(Syscall::getenvid);
            for (int b = 0; b < batch; b++)
                check(flexsc_reap(entries[b]), name);
        }
        bench_stop(p, name, n.calls);
    }
}

// 64 calls in flight to a polling thread. The first run is a warm-up (the
// fork child's copy-on-write faults), not reported.
static void
null_pipelined(const Sizes& n, const char* name)
{
    for (int rep = -1; rep < n.reps; rep++) {
        BenchProbe p = bench_start();
        if (pipelined_getenvid(n.calls) != n.calls)
            panic("%s: wrong results", name);
        if (rep >= 0)
            bench_stop(p, name, n.calls);
    }
}

// The polling case needs a registration of its own: a fork child (which
// starts unregistered) runs it while the parent waits in ipc_recv, quietly.
static void
null_polling(const Sizes& n)
{
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        int r = flexsc_register_polling(1);
        if (r < 0)
            cprintf("BENCH error null/poll-64: flexsc_register_polling(1): %e (needs 2 CPUs)\n", r);
        else
            null_pipelined(n, "null/poll-64");
        ipc_send(thisenv->env_parent_id, 0, nullptr, 0);
        exit();
    }
    ipc_recv(nullptr, nullptr, nullptr);
}

static void
bench_null(const Sizes& n)
{
    null_by_trap(n, SyscallPath::int30, "null/int");
    null_by_trap(n, SyscallPath::sysenter, "null/sysenter");
    int r = flexsc_register();
    if (r < 0)
        panic("flexsc_register: %e", r);
    null_by_flexsc_batches(n, 1, "null/flexsc-1");
    null_by_flexsc_batches(n, 8, "null/flexsc-8");
    null_by_flexsc_batches(n, 32, "null/flexsc-32");
    null_by_flexsc_batches(n, 64, "null/flexsc-64");
    null_polling(n);
}

// The far side of the ping-pong: answers every value with value + 1.
[[noreturn]] static void
echo_forever()
{
    for (;;) {
        envid_t from;
        int32_t v = ipc_recv(&from, nullptr, nullptr);
        ipc_send(from, static_cast<uint32_t>(v + 1), nullptr, 0);
    }
}

static void
ping_pong(const Sizes& n, const char* name)
{
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0)
        echo_forever();
    for (int rep = 0; rep < n.reps; rep++) {
        BenchProbe p = bench_start();
        for (int i = 0; i < n.rounds; i++) {
            ipc_send(child, static_cast<uint32_t>(i), nullptr, 0);
            if (ipc_recv(nullptr, nullptr, nullptr) != i + 1)
                panic("%s: wrong answer", name);
        }
        bench_stop(p, name, n.rounds);
    }
    sys_env_destroy(child);
}

static void
bench_ipc(const Sizes& n)
{
    ping_pong(n, "ipc/trap");
    // From here on every call of this program (and of the child it forks)
    // goes through FlexSC, its threads parking while their calls are served.
    int r = flexsc_threads_start();
    if (r < 0)
        panic("flexsc_threads_start: %e", r);
    ping_pong(n, "ipc/flexsc-threads");
}

void
umain(int argc, char** argv)
{
    bool quick = bench_quick(argc, argv);
    Sizes n = quick ? Sizes{3, 256, 50} : Sizes{7, 4096, 500};
    const char* which = argc > 1 ? argv[1] : "";
    if (strcmp(which, "null") == 0)
        bench_null(n);
    else if (strcmp(which, "ipc") == 0)
        bench_ipc(n);
    else
        cprintf("BENCH error usage: bench null|ipc [quick]\n");
    cprintf("BENCH done\n");
}
