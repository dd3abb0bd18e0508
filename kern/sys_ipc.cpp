// Inter-process communication: a receiver blocks in sys_ipc_recv; a sender's
// sys_ipc_try_send delivers a 32-bit value and, if both sides ask, a page.

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/flexsc.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/syscall.h>

// Sends value (and the page at srcva, if srcva < UTOP and the receiver asked
// for one) to envid, which must be waiting in sys_ipc_recv. Any environment
// may send to any other. Errors: bad_env, ipc_not_recv, inval (srcva
// unaligned, unmapped, bad perm, or write access to a read-only page), no_mem.
Error
sys_ipc_try_send(const SyscallContext& ctx, envid_t envid, uint32_t value, uintptr_t srcva,
                 uint32_t perm)
{
    // LAB 4: BEGIN SOLUTION
    // HINT: deliver to a receiving envid: value, the sender, and the page at srcva if both sides
    //       want one; then ipc_receive_complete. Errors in the function comment. Exercise 15,
    //       doc/labs/lab4.md.
    Result<Env*> r = envid2env(envid, &ctx.caller, EnvPerm::any);
    if (!r.ok())
        return r.error();
    Env* target = r.value();
    if (!target->env_ipc_recving)
        return Error::ipc_not_recv;

    uint32_t sent_perm = 0;
    if (srcva < UTOP) {
        if (srcva % PGSIZE != 0 || !perm_ok(perm))
            return Error::inval;
        pte_t* pte;
        PageInfo* pp = page_lookup(ctx.caller.env_pgdir, VirtAddr(srcva), &pte);
        if (pp == nullptr || ((perm & PTE_W) && !(*pte & PTE_W)))
            return Error::inval;
        if (target->env_ipc_dstva < UTOP) {
            Error err = page_insert(target->env_pgdir, pp, VirtAddr(target->env_ipc_dstva), perm);
            if (err != Error::ok)
                return err;
            sent_perm = perm;
        }
    }
    target->env_ipc_recving = 0;
    target->env_ipc_from = ctx.caller.env_id;
    target->env_ipc_value = value;
    target->env_ipc_perm = sent_perm;
    thiscpu->cpu_stats.ipc_deliveries++;
    ipc_receive_complete(target);
    return Error::ok;
    // LAB 4: STUB
    // NOT_IMPLEMENTED(4, ctx, envid, value, srcva, perm);
    // LAB 4: END SOLUTION
}

// Waits for a message. dstva < UTOP asks for a page there. Returns 0 when a
// message has arrived (env_ipc_* describe it). Errors: inval (dstva unaligned,
// or a receive is already waiting, e.g. one posted through FlexSC).
// Posted through FlexSC, it joins the caller's outstanding receives instead.
Error
sys_ipc_recv(const SyscallContext& ctx, uintptr_t dstva)
{
    // Through the syscall page, a receive blocks only its entry, and several
    // may be outstanding (kern/flexsc_recv.cpp).
    if (ctx.posted())
        return flexsc_post_ipc_recv(ctx, dstva);
    // LAB 4: BEGIN SOLUTION
    // HINT: mark the caller receiving at dstva and wait (ipc_receive_wait). Errors: inval.
    //       Exercise 15, doc/labs/lab4.md.
    if ((dstva < UTOP && dstva % PGSIZE != 0) || ctx.caller.env_ipc_recving)
        return Error::inval;
    Env& e = ctx.caller;
    e.env_ipc_recving = 1;
    e.env_ipc_dstva = dstva;
    return ipc_receive_wait(ctx);
    // LAB 4: STUB
    // NOT_IMPLEMENTED(4, ctx, dstva);
    // LAB 4: END SOLUTION
}
