// FlexSC in the kernel: registrations, the syscall threads that serve them, and
// the hooks other kernel code calls. The shared page's layout is inc/flexsc.h;
// the design is described in doc/flexsc.md.
#pragma once

#include <kern/kernel.h>
#include <inc/env.h>
#include <inc/flexsc.h>

struct PageInfo;
struct SyscallContext;

// One per registered environment (indexed by ENVX of the owner).
// Protected by: the kernel lock.
struct FlexscRegistration {
    Env* owner;          // nullptr: not registered
    Env* thread;         // the syscall thread (ENV_TYPE_FLEXSC)
    PageInfo* page;      // the syscall page; the kernel keeps a reference
    uintptr_t stack_top; // the thread's kernel stack (kern/thread_stack.h)
    uint32_t scan_pos;   // the entry where the thread's next pass starts
    uint32_t completed;  // entries done since the owner's last flexsc_wait
    uint64_t blocked;    // bit i: entry i is blocked (in ipc_recv)
    int recv_entry;      // the entry blocked in ipc_recv, or -1
    bool owner_waiting;  // the owner sleeps in flexsc_wait
    bool wake_when_served; // ...with FLEXSC_WAIT_SERVED: also wake it once nothing is submitted
    bool dying;          // the owner was freed while the thread ran: it cleans up
                         // (read without the lock by a polling thread)
    // Polling registrations (FLEXSC_POLL) only:
    bool polling;
    bool poller_asleep;  // the thread sleeps; flexsc_wait wakes it
    PageInfo* pgdir;     // a reference on the owner's page directory, which the
                         // polling thread keeps loaded even if the owner dies
};

// The registration of owner, or nullptr.
FlexscRegistration* flexsc_registration(const Env* owner);

// env_free(owner) calls this first: tears down the owner's thread and page.
void flexsc_teardown(Env* owner);
// env_free(thread) calls this: releases what the thread itself holds.
void flexsc_thread_release(Env* thread);

// env_run of a syscall thread: runs its pass over the page on its own stack, in
// ring 0, in the owner's address space, then schedules. Never returns.
[[noreturn]] void flexsc_thread_run(Env* thread);

// The registration a syscall thread serves.
FlexscRegistration& flexsc_registration_of_thread(const Env* thread);

// Whether owner's pending receive is a FlexSC entry's (which blocks only the entry).
bool flexsc_receive_pending(const Env& owner);

// Wakes the owner from flexsc_wait if it waits and some entry completed (or,
// for FLEXSC_WAIT_SERVED, no entry is left submitted).
void flexsc_wake_owner(FlexscRegistration& r);

// The owner's flexsc_wait, if it is in one, is over (its status was set by a
// system call): a later completion leaves it alone.
void flexsc_owner_stops_waiting(const Env& owner);

// For the two kinds of syscall thread (kern/flexsc_thread.cpp, kern/flexsc_poll.cpp):
// One pass over the page in ring order from scan_pos; returns how many entries it served.
uint32_t flexsc_serve_pass(FlexscRegistration& r);
// Whether some entry is submitted (safe without the kernel lock: it only reads the page).
bool flexsc_any_submitted(const FlexscRegistration& r);
// Ends a thread whose owner is gone: frees it from the CPU's own stack, then schedules.
[[noreturn]] void flexsc_thread_exit(Env* thread);
// Leaves the thread's stack for the CPU's, then runs the owner if it is
// runnable, else schedules. How every run of a thread that does not exit ends.
[[noreturn]] void flexsc_thread_leave(Env* thread);

// The polling thread's run (kern/flexsc_poll.cpp), on its own stack, kernel lock held.
[[noreturn]] void flexsc_poll_main(Env* thread);

// ipc hooks: a FlexSC ipc_recv marks its entry blocked; a send completes it.
int32_t flexsc_block_ipc_recv(const SyscallContext& ctx);
// If receiver's pending receive came through FlexSC, completes that entry and
// returns true (the environment itself was never blocked).
bool flexsc_complete_ipc_recv(Env* receiver);
