// The fuzzer's child side: its state, the argument generators
// (user/fuzz_values.cpp) and the ways it enters the kernel (user/fuzz_entry.cpp).
#pragma once

#include "fuzz.h"
#include "fuzz_rng.h"

#define FUZZ_MAX_KIDS 8

// What a child knows while it fuzzes. Its exoforked children ("kids") are
// made runnable in the same breath as they are created (user/fuzz_child.cpp),
// so that a child dying at any moment never leaves one behind that nobody runs.
struct FuzzState {
    FuzzRng rng;
    uint32_t classes;
    envid_t self;
    envid_t conductor;
    envid_t kids[FUZZ_MAX_KIDS]; // live ones (as far as we know)
    envid_t dead[FUZZ_MAX_KIDS]; // ids of kids destroyed or gone: dead ids to name
    uint32_t nkids;
    uint32_t ndead;
    bool flexsc; // registered a syscall page at FLEXSC_DEFAULT_VA

    bool on(uint32_t fuzz_class) const { return (classes & fuzz_class) != 0; }
};

// What a pointer argument is for; it decides which hostile regions are fair.
enum class PointerUse {
    read,  // the kernel reads through it (cputs, env_set_trapframe)
    write, // the kernel writes through it (kstats)
    page,  // a page address for the page calls, ipc, flexsc_register
    code,  // an eip, a page-fault upcall
};

// Pointer, envid, length, permission and number generators (user/fuzz_values.cpp).
// `lethal_ok`: may be one that legitimately destroys the caller.
uint32_t fuzz_pointer(FuzzState& st, PointerUse use, bool lethal_ok);
// An eip or upcall for the child itself or for one of its kids.
uint32_t fuzz_code_pointer(FuzzState& st, bool for_self);
envid_t fuzz_envid(FuzzState& st, bool self_ok);
uint32_t fuzz_length(FuzzState& st);
uint32_t fuzz_perm(FuzzState& st);
uint32_t fuzz_number(FuzzState& st);
uint32_t fuzz_ebp(FuzzState& st);      // into kernel space (class ebp)
uint32_t fuzz_user_ebp(FuzzState& st); // below ULIM, or as fuzz_ebp when the class is on
void fuzz_trapframe(FuzzState& st, Trapframe& tf, bool for_self);
// A frame that sends the child itself to fuzz_landed (user/fuzz_child.cpp).
void fuzz_landing_frame(FuzzState& st, Trapframe& tf);
[[noreturn]] void fuzz_landed();

// The registers a call is made with, beyond its number and arguments.
struct EntryRegs {
    uint32_t eflags;
    uint32_t esp;
    uint32_t ebp;
    uint32_t ds, es, fs, gs; // segment selectors (16 bits used)
};
static_assert(sizeof(EntryRegs) == 28);

// Entering the kernel (user/fuzz_entry.cpp). regs == nullptr: the library's stubs.
int32_t fuzz_trap(FuzzEntry entry, const EntryRegs* regs, uint32_t number, const uint32_t args[5]);
// Posts a call in the syscall page and waits a little for it: FUZZ_PENDING if it did not complete.
int32_t fuzz_flexsc(FuzzState& st, uint32_t number, const uint32_t args[5]);
// Random hostile registers for a call (classes regs, ebp, usertrap); returns FuzzHostile bits.
uint8_t fuzz_entry_regs(FuzzState& st, FuzzEntry entry, EntryRegs& regs);
