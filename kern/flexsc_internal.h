// FlexSC's inside, for the FlexSC files only (kern/flexsc.cpp: registration
// and waiting; kern/flexsc_recv.cpp: receives through the page; kern/flexsc_thread.cpp: the syscall
// thread and its serve pass; kern/flexsc_poll.cpp: the polling mode). The rest of the kernel uses
// kern/flexsc.h.
#pragma once

#include <kern/kernel.h>
#include <kern/flexsc.h>
#include <kern/flexsc_recv.h>
#include <inc/env.h>
#include <inc/error.h>
#include <inc/flexsc.h>

struct PageInfo;
struct SyscallContext;

// One per registered environment (indexed by ENVX of the owner).
// Protected by: the kernel lock.
struct FlexscRegistration {
    Env* owner;                  // nullptr: not registered
    Env* thread;                 // the syscall thread (ENV_TYPE_FLEXSC)
    PageInfo* page;              // the syscall page; the kernel keeps a reference
    uintptr_t stack_top;         // the thread's kernel stack (kern/thread_stack.h)
    uint32_t scan_pos;           // the entry where the thread's next pass starts
    uint32_t completed;          // entries done since the owner's last flexsc_wait
    uint64_t blocked;            // bit i: entry i is blocked (in ipc_recv)
    FlexscReceiveQueue receives; // the entries blocked in ipc_recv, oldest first
    bool owner_waiting;          // the owner sleeps in flexsc_wait
    bool wake_when_served; // ...with FLEXSC_WAIT_SERVED: also wake it once nothing is submitted
    bool dying;            // the owner was freed while the thread ran: it cleans up
                           // (read without the lock by a polling thread)
    // Polling registrations (FLEXSC_POLL) only:
    bool polling;
    bool poller_asleep; // the thread sleeps; flexsc_wait wakes it
    PageInfo* pgdir;    // a reference on the owner's page directory, which the
                        // polling thread keeps loaded even if the owner dies
};

// The registration of owner, or nullptr.
FlexscRegistration* flexsc_registration(const Env* owner);

// The registration a syscall thread serves.
FlexscRegistration& flexsc_registration_of_thread(const Env* thread);

// Wakes the owner from flexsc_wait if it waits and some entry completed (or,
// for FLEXSC_WAIT_SERVED, no entry is left submitted).
void flexsc_wake_owner(FlexscRegistration& r);

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

// The shared page of a registration, in the kernel's mapping.
SyscallPage* flexsc_page_of(const FlexscRegistration& r);

// For flexsc_wait (kern/flexsc.cpp and the polling mode's own wait):
// takes the count of entries completed since the last wait;
int32_t flexsc_take_completed(FlexscRegistration& r);
// whether a wait has nothing to wait for: no entry submitted, and (unless the
// caller waits only for submitted entries to be served) none blocked and the
// thread not about to run;
bool flexsc_nothing_outstanding(const FlexscRegistration& r, bool submitted, bool until_served,
                                bool thread_busy);
// the owner stops until flexsc_wake_owner gives it the count (in eax).
void flexsc_owner_waits(Env& owner, FlexscRegistration& r, bool until_served);

// The polling mode (FLEXSC_POLL, kern/flexsc_poll.cpp):
// whether a polling thread may be pinned to cpu (not the boot CPU, which keeps
// the time and takes the device interrupts; one that exists; no poller yet);
bool flexsc_poll_cpu_free(uint32_t cpu);
// makes r's new thread a poller pinned to cpu, polling from now on;
void flexsc_poll_start(FlexscRegistration& r, uint32_t cpu);
// flexsc_wait for a polling registration;
Result<int32_t> flexsc_poll_wait(const SyscallContext& ctx, FlexscRegistration& r,
                                 bool until_served);
// releases what a polling registration holds (its CPU, the page directory).
void flexsc_poll_release(FlexscRegistration& r);
