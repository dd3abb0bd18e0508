// Source-level facts about kernel code addresses, for backtraces and panics.
// The tables are generated at build time from the kernel's DWARF line info and
// symbol table (kern/kdebug_gen.py) and linked into the kernel's .kdebug section.
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

struct EipDebugInfo {
    const char* file;      // source file name, e.g. "kern/init.cpp", or "<unknown>"
    int line;              // source line number, or 0
    const char* fn_name;   // function name, not NUL-terminated at fn_namelen
    int fn_namelen;
    uintptr_t fn_addr;     // start address of the function
};

// Fills info for eip. Returns false (with placeholders in info) if eip is not in kernel text.
bool debuginfo_eip(uintptr_t eip, EipDebugInfo& info);

// The layout of the generated tables. Both arrays are sorted by address.
struct KdebugFunction {
    uint32_t addr;
    uint32_t name; // offset into kdebug_strings
};
struct KdebugLine {
    uint32_t addr;  // first address of the code for this line
    uint16_t line;
    uint16_t file;  // index into kdebug_files
};
static_assert(sizeof(KdebugFunction) == 8);
static_assert(sizeof(KdebugLine) == 8);
