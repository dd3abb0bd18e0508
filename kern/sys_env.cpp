// System calls about environments themselves.

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/syscall.h>
#include <inc/stdio.h>

envid_t
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
