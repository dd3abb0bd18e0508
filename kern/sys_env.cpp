// System calls about environments themselves.

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/gdt.h>
#include <kern/ipc_send_wait.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/sleep.h>
#include <kern/syscall.h>
#include <kern/time.h>
#include <inc/mmu.h>
#include <inc/stdio.h>

KERNEL_HOT Result<envid_t>
sys_getenvid(const SyscallContext& ctx)
{
    return ctx.caller.env_id;
}

// Destroys envid (0: the caller), which must be the caller or its child.
// Errors: bad_env.
Error
sys_env_destroy(const SyscallContext& ctx, envid_t envid)
{
    Result<Env*> r = envid2env(envid, &ctx.caller, EnvPerm::self_or_child);
    if (!r.ok())
        return r.error();
    Env* e = r.value();
    if (e == &ctx.caller)
        cprintf("[%08x] exiting gracefully\n", e->env_id);
    else
        cprintf("[%08x] destroying %08x\n", ctx.caller.env_id, e->env_id);
    env_destroy(e);
    return Error::ok;
}

// Creates a child with a copy of the caller's registers (it returns 0 in the
// child) and an empty address space, not yet runnable. Through FlexSC there
// are no registers to copy. Errors: no_free_env, no_mem, not_supp (FlexSC).
Result<envid_t>
sys_exofork(const SyscallContext& ctx)
{
    // LAB 4: BEGIN SOLUTION
    // HINT: a new environment, child of the caller, not runnable, with the caller's registers
    //       except eax = 0 (its return value). Exercise 7, doc/labs/lab4.md.
    if (ctx.posted())
        return Error::not_supp;
    Result<Env*> r = env_alloc(ctx.caller.env_id);
    if (!r.ok())
        return r.error();
    Env* child = r.value();
    child->env_status = ENV_NOT_RUNNABLE;
    child->env_tf = ctx.caller.env_tf;
    child->env_tf.tf_regs.reg_eax = 0;
    child->env_libos_flags = ctx.caller.env_libos_flags;
    return child->env_id;
    // LAB 4: STUB
    // NOT_IMPLEMENTED(4, ctx);
    // LAB 4: END SOLUTION
}

// Sets envid's status to ENV_RUNNABLE or ENV_NOT_RUNNABLE. Errors: bad_env, inval.
Error
sys_env_set_status(const SyscallContext& ctx, envid_t envid, uint32_t status)
{
    // LAB 4: BEGIN SOLUTION
    // HINT: set envid's status to ENV_RUNNABLE or ENV_NOT_RUNNABLE. Errors: bad_env, inval.
    //       Exercise 7, doc/labs/lab4.md.
    if (status != ENV_RUNNABLE && status != ENV_NOT_RUNNABLE)
        return Error::inval;
    Result<Env*> r = envid2env(envid, &ctx.caller, EnvPerm::self_or_child);
    if (!r.ok())
        return r.error();
    Env* e = r.value();
    // Being destroyed (on the CPU it runs on): nothing may bring it back.
    if (e->env_status == ENV_DYING)
        return Error::bad_env;
    // A running environment is stopped only where it runs: at its next kernel entry.
    if (e->env_status == ENV_RUNNING && status == ENV_RUNNABLE)
        return Error::ok;
    // A status set from outside ends what the environment waited for, a
    // receive by trap or a flexsc_wait (each returns 0): a later message or
    // completion must not wake it a second time.
    if (e != &ctx.caller && e->env_status == ENV_NOT_RUNNABLE)
        env_waits_end(*e);
    e->env_status = static_cast<EnvStatus>(status);
    if (status == ENV_RUNNABLE)
        sched_kick_an_idle_cpu();
    return Error::ok;
    // LAB 4: STUB
    // NOT_IMPLEMENTED(4, ctx, envid, status);
    // LAB 4: END SOLUTION
}

// Sets envid's registers from the Trapframe at tf in the caller's memory, made
// safe: user segments, interrupts on, no I/O privilege. Errors: bad_env, fault.
Error
sys_env_set_trapframe(const SyscallContext& ctx, envid_t envid, UserPtr<const Trapframe> tf)
{
    Result<Env*> r = envid2env(envid, &ctx.caller, EnvPerm::self_or_child);
    if (!r.ok())
        return r.error();
    Result<const Trapframe*> user_tf = tf.check(ctx, 1);
    if (!user_tf.ok())
        return user_tf.error();
    // Made safe in a copy, then stored at once: e may be running on another
    // CPU, which pops env_tf after releasing the kernel lock (env_run, the
    // sysexit path) and must never load a segment the user chose.
    Trapframe safe = *user_tf.value();
    safe.tf_cs = GD_UT | 3;
    safe.tf_ds = GD_UD | 3;
    safe.tf_es = GD_UD | 3;
    safe.tf_ss = GD_UD | 3;
    // Arithmetic flags, direction and single-step only: no I/O privilege, no
    // virtual-8086 mode (its traps push a different frame), no nested task.
    safe.tf_eflags = (safe.tf_eflags & FL_USER_SETTABLE) | FL_IF;
    r.value()->env_tf = safe;
    return Error::ok;
}

// Sets the user-mode page-fault entry point of envid. Errors: bad_env.
Error
sys_env_set_pgfault_upcall(const SyscallContext& ctx, envid_t envid, uintptr_t func)
{
    // LAB 4: BEGIN SOLUTION
    // HINT: record func as envid's page-fault upcall. Errors: bad_env. Exercise 8,
    //       doc/labs/lab4.md.
    Result<Env*> r = envid2env(envid, &ctx.caller, EnvPerm::self_or_child);
    if (!r.ok())
        return r.error();
    r.value()->env_pgfault_upcall = func;
    return Error::ok;
    // LAB 4: STUB
    // NOT_IMPLEMENTED(4, ctx, envid, func);
    // LAB 4: END SOLUTION
}

// Gives up the CPU. Through FlexSC the syscall thread yields, not the caller.
Error
sys_yield(const SyscallContext& ctx)
{
    if (ctx.posted())
        return Error::ok;
    ctx.caller.env_tf.tf_regs.reg_eax = 0; // the result when the caller runs again
    if (ipc_send_park(ctx.caller))
        sched_yield(); // until its receiver receives (kern/ipc_send_wait.h)
    sched_yield_for_user();
}

Result<int32_t>
sys_time_msec()
{
    return static_cast<int32_t>(time_msec());
}

// Blocks the caller until the clock (sys_time_msec) reaches msec; 0 at once if
// it has. A wake-up may come early (something else made the caller runnable),
// so callers read the clock again. A posted call (FlexSC) does not block: it
// returns 0 at once, as a posted yield does.
Error
sys_sleep_until(const SyscallContext& ctx, uint32_t msec)
{
    if (ctx.posted())
        return Error::ok;
    return sleep_until(ctx, msec);
}
