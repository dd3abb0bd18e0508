// FlexSC in the kernel, as the rest of the kernel sees it: the hooks that
// env.cpp, sched.cpp and ipc_wait.cpp call. The system calls are in
// kern/syscall.h; the registrations and syscall threads behind these hooks are
// kern/flexsc_internal.h's (the FlexSC files only). The shared page's layout is
// inc/flexsc.h; the design is described in doc/flexsc.md.
#pragma once

#include <kern/kernel.h>
#include <inc/env.h>

struct SyscallContext;

// env_free(owner) calls this first: tears down the owner's thread and page.
void flexsc_teardown(Env* owner);
// env_free(thread) calls this: releases what the thread itself holds.
void flexsc_thread_release(Env* thread);

// Runs a syscall thread (what env_run is for other environments): makes it
// current, then runs its pass over the page on its own stack, in ring 0, in the
// owner's address space, then schedules. Never returns. The scheduler
// (sched_run) and flexsc_wait switch to a thread with it.
[[noreturn]] void flexsc_thread_run(Env* thread);

// Whether owner has receives outstanding through FlexSC (which block only their entries).
bool flexsc_receive_pending(const Env& owner);

// The owner's flexsc_wait, if it is in one, is over (its status was set by a
// system call): a later completion leaves it alone.
void flexsc_owner_stops_waiting(const Env& owner);

// ipc hooks (kern/flexsc_recv.cpp): a posted ipc_recv joins the caller's
// queue of outstanding receives and marks its entry blocked (errors: inval,
// for dstva unaligned or already some outstanding receive's, the entry's own
// receive outstanding, or a receive by trap waiting);
Error flexsc_post_ipc_recv(const SyscallContext& ctx, uintptr_t dstva);
// a send completes the oldest: if receiver has receives outstanding through
// FlexSC, completes the oldest entry and returns true (the environment itself
// was never blocked).
bool flexsc_complete_ipc_recv(Env* receiver);

// The polling FlexSC thread pinned to this CPU if it has work (it runs before
// anything else here), or nullptr (kern/flexsc_poll.cpp).
Env* flexsc_poller_ready_here();
