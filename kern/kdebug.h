// Source-level facts about kernel code addresses, for backtraces and panics.
// The tables are generated at build time from the kernel's DWARF line info and
// symbol table (kern/kdebug_gen.py) and linked into the kernel's .kdebug section.
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

struct EipDebugInfo {
    const char* file;    // source file name, e.g. "kern/init.cpp", or "<unknown>"
    int line;            // source line number, or 0
    const char* fn_name; // function name, not NUL-terminated at fn_namelen
    int fn_namelen;
    uintptr_t fn_addr; // start address of the function
};

// Fills info for eip. Returns false (with placeholders in info) if eip is not in kernel text.
bool debuginfo_eip(uintptr_t eip, EipDebugInfo& info);

// The layout of the generated tables. Both arrays are sorted by address.
struct KdebugFunction {
    uint32_t addr;
    uint32_t name; // offset into kdebug_strings
};
struct KdebugLine {
    uint32_t addr; // first address of the code for this line
    uint16_t line;
    uint16_t file; // index into kdebug_files
};
static_assert(sizeof(KdebugFunction) == 8);
static_assert(sizeof(KdebugLine) == 8);

// The index of the last element of table[0..count) whose addr is <= addr, or
// -1. Elements are sorted by addr (every debug table is).
template <typename T>
inline int
last_at_or_below(const T* table, uint32_t count, uintptr_t addr)
{
    int lo = 0, hi = static_cast<int>(count) - 1, found = -1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (table[mid].addr <= addr) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}
