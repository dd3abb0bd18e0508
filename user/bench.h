// What the benchmark programs (bench, benchfile) share: timing a stretch of
// work in guest TSC cycles and kernel entries, and reporting it in the format
// grade/bench.py reads:
//     BENCH <case> calls=<n> cycles=<total> entries=<kernel entries for system calls>
#pragma once

#include <inc/lib.h>
#include <inc/x86.h>

struct BenchProbe {
    uint64_t start_tsc;
    uint32_t start_entries;
};

// The kernel's counters, read by trap even when timing FlexSC: a reading
// through a syscall thread can be served while this CPU is still on its way
// into the kernel, and miss that entry. (A trap counts itself: subtract one
// for a closing reading.)
inline KStats
kstats_now()
{
    KStats s;
    int r = sys_kstats(&s);
    if (r < 0)
        panic("kstats: %e", r);
    return s;
}

// The same by trap whatever the mode: a reading routed through FlexSC would
// count its own work (the server benchmarks, benchserv and benchhttp).
inline KStats
kstats_by_trap()
{
    KStats s;
    int r = syscall_via(SyscallPath::int30, static_cast<uint32_t>(Syscall::kstats),
                        reinterpret_cast<uint32_t>(&s), 0, 0, 0, 0);
    if (r < 0)
        panic("kstats: %e", r);
    return s;
}

// The closing reading comes after the clock stops, so it costs no time.
inline uint32_t
bench_entries_now()
{
    return kstats_syscall_entries(kstats_now());
}

inline BenchProbe
bench_start()
{
    BenchProbe p;
    p.start_entries = bench_entries_now();
    p.start_tsc = read_tsc();
    return p;
}

inline void
bench_stop(const BenchProbe& p, const char* name, uint32_t calls)
{
    uint64_t cycles = read_tsc() - p.start_tsc;
    uint32_t entries = bench_entries_now() - p.start_entries - 1; // less the closing reading itself
    cprintf("BENCH %s calls=%u cycles=%llu entries=%u\n", name, calls, cycles, entries);
}

// Makes `calls` getenvid calls through FlexSC with up to 64 in flight: reaps
// the oldest when it is done, posts anew. Returns how many results were right.
// (With a polling syscall thread, no kernel entry at all: flexscpoll, bench.)
inline int
pipelined_getenvid(int calls)
{
    envid_t me = thisenv->env_id;
    int queue[FLEXSC_ENTRIES]; // entries in posting order
    int head = 0, count = 0, posted = 0, right = 0;
    for (int completed = 0; completed < calls;) {
        while (posted < calls && count < FLEXSC_ENTRIES) {
            int e = flexsc_post(Syscall::getenvid);
            if (e < 0)
                panic("flexsc_post: %e", e);
            queue[(head + count++) % FLEXSC_ENTRIES] = e;
            posted++;
        }
        if (!flexsc_entry_done(queue[head])) {
            flexsc_wait_progress();
            continue;
        }
        right += flexsc_reap(queue[head]) == me;
        head = (head + 1) % FLEXSC_ENTRIES;
        count--;
        completed++;
    }
    return right;
}

inline bool
bench_quick(int argc, char** argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "quick") == 0)
            return true;
    }
    return false;
}
