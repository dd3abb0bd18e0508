// How the fuzzer's children enter the kernel: int $0x30 and sysenter with
// whatever EFLAGS, esp, ebp and segment registers a hostile program could
// have at that moment, and FlexSC entries posted straight into the syscall
// page, the way a program that ignores the library would.

#include "fuzz_child.h"
#include <inc/x86.h>

// The asm below cannot name C++ objects through registers (all six carry the
// call), so it reaches them by symbol, through %ss after the user's %ds may be gone.
extern "C" {
EntryRegs fuzz_entry_regs_now;   // what to load just before entering
uint32_t fuzz_entry_saved[5];    // esp, ds, es, fs, gs to restore after
uint32_t fuzz_sysenter_frame[2]; // the sysenter stub's stack: the return address
}
static_assert(offsetof(EntryRegs, eflags) == 0 && offsetof(EntryRegs, esp) == 4 &&
              offsetof(EntryRegs, ebp) == 8 && offsetof(EntryRegs, ds) == 12 &&
              offsetof(EntryRegs, es) == 16 && offsetof(EntryRegs, fs) == 20 &&
              offsetof(EntryRegs, gs) == 24);

// Saving the caller's state, loading fuzz_entry_regs_now (ds last: the loads
// before it go through ds), and the way back.
#define FUZZ_LOAD_HOSTILE                                                                          \
    "pushl %%ebp\n\t"                                                                              \
    "pushfl\n\t"                                                                                   \
    "movl %%esp, fuzz_entry_saved\n\t"                                                             \
    "movw %%ds, fuzz_entry_saved+4\n\t"                                                            \
    "movw %%es, fuzz_entry_saved+8\n\t"                                                            \
    "movw %%fs, fuzz_entry_saved+12\n\t"                                                           \
    "movw %%gs, fuzz_entry_saved+16\n\t"                                                           \
    "movl $1f, fuzz_sysenter_frame\n\t"                                                            \
    "movw fuzz_entry_regs_now+16, %%es\n\t"                                                        \
    "movw fuzz_entry_regs_now+20, %%fs\n\t"                                                        \
    "movw fuzz_entry_regs_now+24, %%gs\n\t"                                                        \
    "movl fuzz_entry_regs_now+8, %%ebp\n\t"                                                        \
    "pushl fuzz_entry_regs_now\n\t"                                                                \
    "popfl\n\t"                                                                                    \
    "movl fuzz_entry_regs_now+4, %%esp\n\t"                                                        \
    "movw fuzz_entry_regs_now+12, %%ds\n\t"
#define FUZZ_RESTORE                                                                               \
    "1:\tmovl %%ss:fuzz_entry_saved, %%esp\n\t"                                                    \
    "movw %%ss:fuzz_entry_saved+4, %%ds\n\t"                                                       \
    "movw fuzz_entry_saved+8, %%es\n\t"                                                            \
    "movw fuzz_entry_saved+12, %%fs\n\t"                                                           \
    "movw fuzz_entry_saved+16, %%gs\n\t"                                                           \
    "popfl\n\t"                                                                                    \
    "popl %%ebp"

static int32_t
hostile_int(uint32_t num, const uint32_t a[5])
{
    int32_t ret;
    asm volatile(FUZZ_LOAD_HOSTILE "int %1\n\t" FUZZ_RESTORE
                 : "=a"(ret)
                 : "i"(T_SYSCALL), "a"(num), "d"(a[0]), "c"(a[1]), "b"(a[2]), "D"(a[3]), "S"(a[4])
                 : "cc", "memory");
    return ret;
}

// sysexit comes back at fuzz_sysenter_frame[0] (label 1) with esp = ecx.
static int32_t
hostile_sysenter(uint32_t num, const uint32_t a[5])
{
    int32_t ret;
    uint32_t a0 = a[0], a1 = a[1];
    asm volatile(FUZZ_LOAD_HOSTILE "sysenter\n\t" FUZZ_RESTORE
                 : "=a"(ret), "+d"(a0), "+c"(a1)
                 : "a"(num), "b"(a[2]), "D"(a[3]), "S"(a[4])
                 : "cc", "memory");
    return ret;
}

int32_t
fuzz_trap(FuzzEntry entry, const EntryRegs* regs, uint32_t number, const uint32_t args[5])
{
    if (regs == nullptr) {
        SyscallPath path = entry == ENTRY_SYSENTER ? SyscallPath::sysenter : SyscallPath::int30;
        return syscall_via(path, number, args[0], args[1], args[2], args[3], args[4]);
    }
    fuzz_entry_regs_now = *regs;
    return entry == ENTRY_SYSENTER ? hostile_sysenter(number, args) : hostile_int(number, args);
}

static uint32_t
read_segment(int which)
{
    uint16_t s;
    if (which == 0)
        asm volatile("movw %%ds, %0" : "=r"(s));
    else if (which == 1)
        asm volatile("movw %%es, %0" : "=r"(s));
    else if (which == 2)
        asm volatile("movw %%fs, %0" : "=r"(s));
    else
        asm volatile("movw %%gs, %0" : "=r"(s));
    return s;
}

uint8_t
fuzz_entry_regs(FuzzState& st, FuzzEntry entry, EntryRegs& regs)
{
    FuzzRng& rng = st.rng;
    uint8_t hostile = 0;
    regs.eflags = read_eflags();
    regs.esp = reinterpret_cast<uint32_t>(&fuzz_sysenter_frame[0]);
    regs.ebp = entry == ENTRY_SYSENTER ? reinterpret_cast<uint32_t>(&fuzz_sysenter_frame[0]) : 0;
    uint32_t* segments = &regs.ds;
    for (int i = 0; i < 4; i++)
        segments[i] = read_segment(i);
    if (st.on(FUZZ_REGS) && rng.one_in(2)) {
        hostile |= HOSTILE_REGS;
        // Arithmetic flags, direction, nested task, alignment check, ID; the
        // CPU ignores IOPL and IF from user mode.
        regs.eflags |= rng.next() & (0xcd5 | FL_NT | 0x40000 | 0x200000);
        regs.esp = rng.one_in(2) ? rng.next() : fuzz_pointer(st, PointerUse::page, true);
        // The only selectors a user can load: null, and its own data segment.
        for (int i = 0; i < 4; i++)
            segments[i] = rng.one_in(4) ? 0 : GD_UD | 3;
        // A frame pointer into user memory (the kernel must not follow it):
        // sysenter takes its stack from ebp, so a bad one there destroys the caller.
        if (entry == ENTRY_INT || rng.one_in(64))
            regs.ebp = fuzz_user_ebp(st);
    }
    if (st.on(FUZZ_EBP) && rng.one_in(8)) {
        hostile |= HOSTILE_EBP;
        regs.ebp = fuzz_ebp(st);
    }
    if (regs.ebp >= ULIM)
        hostile |= HOSTILE_EBP;
    if (st.on(FUZZ_USERTRAP) && rng.one_in(64)) {
        hostile |= HOSTILE_TF;
        regs.eflags |= FL_TF;
    }
    return hostile;
}

static volatile SyscallPage* const page =
    reinterpret_cast<volatile SyscallPage*>(FLEXSC_DEFAULT_VA);

// Takes a free entry, or frees one whose result nobody will read any more.
static int
take_entry()
{
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < FLEXSC_ENTRIES; i++) {
            EntryStatus s = entry_status(page->entries[i]);
            if (s == EntryStatus::free)
                return i;
            if (pass == 1 && s == EntryStatus::done) {
                set_entry_status(page->entries[i], EntryStatus::free);
                return i;
            }
        }
    }
    return -1;
}

int32_t
fuzz_flexsc(FuzzState& st, uint32_t number, const uint32_t args[5])
{
    int i = take_entry();
    if (i < 0)
        return FUZZ_PENDING;
    volatile SyscallEntry& e = page->entries[i];
    e.number = number;
    for (int a = 0; a < FLEXSC_MAX_ARGS; a++)
        e.args[a] = args[a];
    set_entry_status(e, EntryStatus::submitted);
    // A hostile program scribbles on entries the kernel owns.
    if (st.rng.one_in(64)) {
        volatile SyscallEntry& other = page->entries[st.rng.below(FLEXSC_ENTRIES)];
        other.status = st.rng.one_in(2) ? st.rng.below(6) : st.rng.next();
    }
    // A few waits; a call that blocks (ipc_recv) or was scribbled over stays behind.
    for (int wait = 0; wait < 3 && entry_status(e) != EntryStatus::done; wait++)
        syscall_via(SyscallPath::int30, static_cast<uint32_t>(Syscall::flexsc_wait), 0, 0, 0, 0, 0);
    if (entry_status(e) != EntryStatus::done)
        return FUZZ_PENDING;
    int32_t result = e.result;
    set_entry_status(e, EntryStatus::free);
    return result;
}
