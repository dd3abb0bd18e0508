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
    bool through_flexsc; // read the counters through FlexSC: the reading costs no entry
};

inline uint32_t
bench_entries_now(bool through_flexsc)
{
    KStats s;
    int r = through_flexsc ? flex_kstats(&s) : sys_kstats(&s);
    if (r < 0)
        panic("kstats: %e", r);
    return kstats_syscall_entries(s);
}

inline BenchProbe
bench_start(bool through_flexsc = false)
{
    BenchProbe p;
    p.through_flexsc = through_flexsc;
    p.start_entries = bench_entries_now(through_flexsc);
    p.start_tsc = read_tsc();
    return p;
}

inline void
bench_stop(const BenchProbe& p, const char* name, uint32_t calls)
{
    uint64_t cycles = read_tsc() - p.start_tsc;
    uint32_t entries = bench_entries_now(p.through_flexsc) - p.start_entries;
    if (!p.through_flexsc)
        entries--; // the closing kstats call itself
    cprintf("BENCH %s calls=%u cycles=%llu entries=%u\n", name, calls, cycles, entries);
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
