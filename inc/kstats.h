// Kernel statistics counters, kept per CPU: what the kernel was asked to do.
// The layout is shared with user space (a later syscall copies it out).
#pragma once

#include <inc/syscall.h>

#define KSTATS_VECTORS 64  // traps counted by vector (0-63; higher ones go to the last)
#define KSTATS_SYSCALLS 32 // system calls counted by number (unknown ones: the last)

struct KStats {
    uint32_t traps[KSTATS_VECTORS];     // every kernel entry by interrupt vector (int path)
    uint32_t syscalls[KSTATS_SYSCALLS]; // system calls by number, all paths
    uint32_t syscall_paths[static_cast<uint32_t>(SyscallPath::count)]; // by entry path
    uint32_t env_switches;   // env_run switched to a different environment
    uint32_t pgdir_loads;    // CR3 written
    uint32_t flexsc_entries; // FlexSC entries a syscall thread served
    uint32_t flexsc_batches; // passes of a syscall thread over its page
    uint32_t flexsc_wakeups; // times a sleeping syscall thread was made runnable
    // Times a polling thread said "asleep" in its page (some are taken back at
    // once, when an entry slipped in): each lets the program make one wake-up
    // flexsc_wait, whether or not it finds the thread still asleep.
    uint32_t flexsc_poller_sleeps;
    uint32_t tlb_shootdowns; // times this CPU made another flush its TLB (kern/tlb_shootdown.h)
    uint32_t flexsc_polled;  // of flexsc_entries, those a polling thread served
    uint32_t ipc_deliveries; // IPC messages delivered (sends that reached a receiver)
    uint32_t flexsc_thread_switches; // env_run switched to a syscall thread
    uint32_t reserved[5];
};
static_assert(sizeof(KStats) == 4 * (KSTATS_VECTORS + KSTATS_SYSCALLS + 3 + 2 + 6 + 2 + 5));

// Kernel entries made for system calls: int $0x30 traps plus sysenters.
inline uint32_t
kstats_syscall_entries(const KStats& s)
{
    return s.traps[48] + s.syscall_paths[static_cast<uint32_t>(SyscallPath::sysenter)];
}
