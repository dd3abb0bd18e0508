// The context of one system call, the first argument of every handler
// (kern/syscall.h). A header of its own so that kern/user_ptr.h, which the
// handlers' declarations use, can check a pointer inline.
#pragma once

#include <kern/kernel.h>
#include <inc/env.h>
#include <inc/syscall.h>

// Who is calling and how. Handlers act on behalf of caller and check every
// pointer against caller's address space.
struct SyscallContext {
    SyscallContext(Env& the_caller, SyscallPath the_path, int the_entry = -1)
        : caller(the_caller), path(the_path), entry(the_entry)
    {
    }

    Env& caller;
    SyscallPath path;
    int entry; // the FlexSC entry being served, or -1

    // Whether the call was posted on a FlexSC page and is served by a syscall
    // thread rather than by the caller's own trap. The one test for every place
    // where a handler's meaning changes under FlexSC (grep posted()): a bad
    // pointer is an error in the entry, not the caller's end; a receive marks
    // the entry blocked; a yield returns at once; a FlexSC call is refused.
    bool posted() const { return path == SyscallPath::flexsc; }

    // A posted call that must wait (ipc_recv) says so here instead of
    // returning: its entry stays blocked, and its result comes later.
    void mark_blocked() const { m_blocked = true; }
    bool blocked() const { return m_blocked; }

    // The serve pass reuses one context for every entry of its owner.
    void start_entry(int the_entry)
    {
        entry = the_entry;
        m_blocked = false;
    }

private:
    mutable bool m_blocked = false; // one mark per call (start_entry clears it)
};
