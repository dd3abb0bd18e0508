// What the fuzzer's conductor and its children share: the hostile classes a
// run enables, and one page (PTE_SHARE, so fork gives every child the same
// page) where each child keeps its call count and its last calls, which the
// conductor prints when something goes wrong, even after the child is gone.
#pragma once

#include <inc/lib.h>

// Classes of hostile input, switched on by the third argument (names or a mask).
enum FuzzClass : uint32_t {
    FUZZ_REGS = 1 << 0,     // hostile EFLAGS, esp, segment registers, user-space ebp at entry
    FUZZ_FRAMES = 1 << 1,   // hostile trap frames through sys_env_set_trapframe
    FUZZ_FLEXSC = 1 << 2,   // calls posted through FlexSC entries; scribbled entry statuses
    FUZZ_KILL = 1 << 3,     // children destroyed by the conductor in the middle of their calls
    FUZZ_UVPT = 1 << 4,     // write-checked pointers into UVPT (sys_kstats)
    FUZZ_EBP = 1 << 5,      // ebp pointing into kernel space at kernel entry
    FUZZ_USERTRAP = 1 << 6, // int3, icebp and the trap flag in user mode
    FUZZ_BIGLEN = 1 << 7,   // sys_cputs lengths far beyond a page over readable memory
};
constexpr uint32_t FUZZ_SAFE = FUZZ_REGS | FUZZ_FRAMES | FUZZ_FLEXSC | FUZZ_KILL;
constexpr uint32_t FUZZ_ALL = 0xff;

// How a call entered the kernel; the hostile variants are kept with it.
enum FuzzEntry : uint8_t { ENTRY_INT = 0, ENTRY_SYSENTER = 1, ENTRY_FLEXSC = 2 };
enum FuzzHostile : uint8_t { HOSTILE_REGS = 1, HOSTILE_EBP = 2, HOSTILE_TF = 4 };

struct FuzzCall {
    uint32_t seq;    // the child's call number, from 1
    uint8_t entry;   // FuzzEntry
    uint8_t hostile; // FuzzHostile bits
    uint16_t number; // the system call number (may be invalid)
    uint32_t args[5];
    int32_t result; // FUZZ_PENDING until the call returned
};
constexpr int32_t FUZZ_PENDING = 0x7fffffff;

#define FUZZ_RING 16
#define FUZZ_SLOTS 6

// One child's record. Only the child writes it, the conductor reads it.
struct FuzzSlot {
    volatile envid_t env;     // 0: slot unused
    volatile uint32_t index;  // which child of the run (its seed derives from it)
    volatile uint32_t calls;  // calls started so far
    uint32_t budget;          // calls it may make
    bool victim;              // the conductor destroys it mid-call; it makes no kids
    FuzzCall ring[FUZZ_RING]; // ring[(seq - 1) % FUZZ_RING] is call seq
};

struct FuzzShared {
    uint32_t seed;
    uint32_t classes;
    uint32_t trace; // print every call before making it
    envid_t conductor;
    uint32_t failures; // results a child found impossible
    FuzzSlot slots[FUZZ_SLOTS];
};
static_assert(sizeof(FuzzShared) <= PGSIZE);

// Where the shared page lives; children never aim page calls at it.
#define FUZZ_SHARED_VA 0xB0000000
// Where children map, unmap and share their own pages most of the time.
#define FUZZ_SCRATCH_VA 0xA0000000
#define FUZZ_SCRATCH_PAGES 16

inline FuzzShared*
fuzz_shared()
{
    return reinterpret_cast<FuzzShared*>(FUZZ_SHARED_VA);
}

// Prints one call as "w3 #17 sysenter+regs page_map(...) -> -3".
inline void
fuzz_print_call(uint32_t index, const FuzzCall& c)
{
    static const char* const entries[] = {"int", "sysenter", "flexsc"};
    cprintf("fuzz:   w%u #%u %s%s%s%s %s(%x, %x, %x, %x, %x)", index, c.seq, entries[c.entry % 3],
            (c.hostile & HOSTILE_REGS) ? "+regs" : "", (c.hostile & HOSTILE_EBP) ? "+ebp" : "",
            (c.hostile & HOSTILE_TF) ? "+tf" : "", syscall_name(c.number), c.args[0], c.args[1],
            c.args[2], c.args[3], c.args[4]);
    if (c.result == FUZZ_PENDING)
        cprintf(" -> (no result)\n");
    else
        cprintf(" -> %d\n", c.result);
}

inline void
fuzz_print_ring(const FuzzSlot& s)
{
    uint32_t calls = s.calls;
    uint32_t first = calls > FUZZ_RING ? calls - FUZZ_RING + 1 : 1;
    for (uint32_t seq = first; seq <= calls; seq++) {
        const FuzzCall& c = s.ring[(seq - 1) % FUZZ_RING];
        if (c.seq == seq)
            fuzz_print_call(s.index, c);
    }
}

// The child's side (user/fuzz_child.cpp): runs its budget of calls, then destroys itself.
[[noreturn]] void fuzz_child(FuzzSlot& slot);
