// IPC through the syscall page: an environment may have several ipc_recv
// entries outstanding, one per posted entry, each with its own destination.
// A send completes the oldest (doc/flexsc.md, "IPC through the syscall page").
//
// The environment counts as receiving (env_ipc_recving) while any is
// outstanding, with env_ipc_dstva the oldest's destination, so a send
// (sys_ipc_try_send, unchanged) maps its page where the oldest asked; the
// completion then writes the message into that entry and moves
// env_ipc_dstva on to the next.

#include <kern/env.h>
#include <kern/flexsc_internal.h>
#include <kern/syscall.h>
#include <inc/assert.h>

bool
flexsc_receive_pending(const Env& owner)
{
    FlexscRegistration* r = flexsc_registration(&owner);
    return r != nullptr && r->receives.count > 0;
}

// Whether a receive with a page at dstva is outstanding already.
static bool
dstva_taken(const FlexscReceiveQueue& q, uintptr_t dstva)
{
    for (uint32_t n = 0; n < q.count; n++) {
        if (q.ring[(q.head + n) % FLEXSC_ENTRIES].dstva == dstva)
            return true;
    }
    return false;
}

Error
flexsc_post_ipc_recv(const SyscallContext& ctx, uintptr_t dstva)
{
    Env& owner = ctx.caller;
    FlexscRegistration* r = flexsc_registration(&owner);
    assert(r != nullptr && ctx.entry >= 0);
    FlexscReceiveQueue& q = r->receives;
    uint64_t bit = 1ull << ctx.entry;
    // The entry's own receive is outstanding: its status was forged back to
    // submitted. One receive per entry; the first stays.
    if (r->blocked & bit)
        return Error::inval;
    if (dstva < UTOP && (dstva % PGSIZE != 0 || dstva_taken(q, dstva)))
        return Error::inval; // two pages for one address: the second would replace the first
    if (owner.env_ipc_recving && q.count == 0)
        return Error::inval; // a receive by trap is waiting (the owner cannot be running it)
    assert(q.count < FLEXSC_ENTRIES); // each has its own entry, blocked
    q.ring[(q.head + q.count) % FLEXSC_ENTRIES] =
        FlexscReceive{static_cast<uint32_t>(ctx.entry), dstva};
    if (q.count++ == 0) {
        owner.env_ipc_recving = 1;
        owner.env_ipc_dstva = dstva;
    }
    r->blocked |= bit;
    ctx.mark_blocked();
    return Error::ok;
}

bool
flexsc_complete_ipc_recv(Env* receiver)
{
    FlexscRegistration* r = flexsc_registration(receiver);
    if (r == nullptr || r->receives.count == 0)
        return false;
    FlexscReceiveQueue& q = r->receives;
    FlexscReceive oldest = q.ring[q.head];
    q.head = (q.head + 1) % FLEXSC_ENTRIES;
    q.count--;
    SyscallEntry& e = flexsc_page_of(*r)->entries[oldest.entry];
    e.ipc_value = receiver->env_ipc_value;
    e.ipc_from = static_cast<uint32_t>(receiver->env_ipc_from);
    e.ipc_perm = receiver->env_ipc_perm;
    e.result = 0;
    set_entry_status(e, EntryStatus::done);
    r->blocked &= ~(1ull << oldest.entry);
    r->completed++;
    if (q.count > 0) {
        // Still receiving: the next send's page goes where the next oldest asked.
        receiver->env_ipc_recving = 1;
        receiver->env_ipc_dstva = q.ring[q.head].dstva;
    }
    flexsc_wake_owner(*r);
    return true;
}
