// FlexSC exception-less system calls: the syscall page shared by a program and
// its kernel syscall thread. This is the one definition of the layout.
//
// A syscall page is 4096 bytes: 64 entries of 64 bytes, one cache line each,
// so the CPUs of the program and of the syscall thread never share a line
// between two entries. The program fills an entry (number, arguments), then
// publishes it by setting its status to submitted; the syscall thread claims
// it, runs the call through the kernel's one dispatcher on the program's
// behalf, writes the result, and publishes done. See doc/flexsc.md.
//
// Entry states and who may move an entry between them:
//
//     free --(user)--> submitted --(kernel)--> busy --(kernel)--> done --(user)--> free
//                                                 \--(kernel)--> blocked --(kernel)--> done
//
//  - free -> submitted: the user, after writing number and args (release store).
//  - submitted -> busy: the kernel, atomically (compare-and-swap), so an entry
//    runs at most once per submission; it then copies number and args once.
//  - busy -> done: the kernel, after writing result (release store).
//  - busy -> blocked: the kernel, for a call that would block (ipc_recv);
//    blocked -> done when it completes.
//  - done -> free: the user, after reading result.
// The kernel never trusts what it reads: any other value, or a change the user
// makes while the kernel owns the entry, at worst loses that user's own call.
#pragma once

#include <inc/memlayout.h>
#include <inc/mmu.h>
#include <inc/syscall.h>

enum class EntryStatus : uint32_t {
    free = 0,
    submitted = 1,
    busy = 2,
    blocked = 3,
    done = 4,
};

#define FLEXSC_ENTRIES 64
#define FLEXSC_MAX_ARGS 5

struct alignas(64) SyscallEntry {
    uint32_t status; // an EntryStatus; use entry_status()/set_entry_status()
    uint32_t number; // a Syscall
    uint32_t args[FLEXSC_MAX_ARGS];
    int32_t result;        // >= 0 value, or a negative Error
    uint32_t poller_state; // entry 0 only: a PollerState (below); else unused
    // A completed ipc_recv's message (the kernel writes them before done):
    // several receives may be outstanding, so each entry carries its own.
    uint32_t ipc_value;   // the value sent
    uint32_t ipc_from;    // the sender's envid
    uint32_t ipc_perm;    // the page's permissions at the entry's dstva, 0: no page
    uint32_t reserved[4]; // ignored by both sides
};
static_assert(__is_standard_layout(SyscallEntry));
static_assert(sizeof(SyscallEntry) == 64);
static_assert(offsetof(SyscallEntry, status) == 0);
static_assert(offsetof(SyscallEntry, number) == 4);
static_assert(offsetof(SyscallEntry, args) == 8);
static_assert(offsetof(SyscallEntry, result) == 28);
static_assert(offsetof(SyscallEntry, poller_state) == 32);
static_assert(offsetof(SyscallEntry, ipc_value) == 36);
static_assert(offsetof(SyscallEntry, ipc_from) == 40);
static_assert(offsetof(SyscallEntry, ipc_perm) == 44);
static_assert(offsetof(SyscallEntry, reserved) == 48);

struct SyscallPage {
    SyscallEntry entries[FLEXSC_ENTRIES];
};
static_assert(sizeof(SyscallPage) == PGSIZE);

// flexsc_register's flags (its second argument; the third is the CPU).
// FLEXSC_POLL: the syscall thread is pinned to that CPU and, while it has
// work, polls the page there instead of sleeping between calls (core
// specialization): calls need no kernel entry on the program's CPU. After an
// idle spell it sleeps, and says so in the page (poller_state): the next
// flexsc_wait wakes it.
#define FLEXSC_POLL 0x1

// flexsc_wait's flags (its first argument; 0 for the plain wait rule).
// FLEXSC_WAIT_SERVED: do not wait for blocked entries (a receive may never
// complete); return once some entry completed or none is left submitted,
// maybe with 0. exit()'s flush uses it, so that it ends whatever the page holds.
#define FLEXSC_WAIT_SERVED 0x1

// What a polling syscall thread is doing, for the library. The kernel keeps it
// in entry 0's poller_state word; it only ever writes it (it keeps its own
// copy), so a user scribbling on it fools no one but itself.
enum class PollerState : uint32_t {
    none = 0,   // not a polling registration
    awake = 1,  // polling: posting is enough
    asleep = 2, // sleeping: flexsc_wait wakes it
};

inline PollerState
poller_state(const volatile SyscallPage& page)
{
    return static_cast<PollerState>(
        __atomic_load_n(&page.entries[0].poller_state, __ATOMIC_ACQUIRE));
}

inline void
set_poller_state(volatile SyscallPage& page, PollerState s)
{
    __atomic_store_n(&page.entries[0].poller_state, static_cast<uint32_t>(s), __ATOMIC_SEQ_CST);
}

// Status of an entry, read with acquire ordering: if it says done, the result is visible.
inline EntryStatus
entry_status(const volatile SyscallEntry& e)
{
    return static_cast<EntryStatus>(__atomic_load_n(&e.status, __ATOMIC_ACQUIRE));
}

// Publishes a status with release ordering: everything written before is visible first.
inline void
set_entry_status(volatile SyscallEntry& e, EntryStatus s)
{
    __atomic_store_n(&e.status, static_cast<uint32_t>(s), __ATOMIC_RELEASE);
}

// Moves an entry from `from` to `to` if it is in `from`; returns whether it did.
inline bool
claim_entry(volatile SyscallEntry& e, EntryStatus from, EntryStatus to)
{
    uint32_t expected = static_cast<uint32_t>(from);
    return __atomic_compare_exchange_n(&e.status, &expected, static_cast<uint32_t>(to), false,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}
