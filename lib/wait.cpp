// Waiting for an environment to exit, or to block.

#include <inc/lib.h>

// Yields until envid's status is status, or envid is gone: the slot may be
// reused by a new environment, whose id then differs.
static void
yield_until_status(envid_t envid, EnvStatus status)
{
    assert(envid != 0);
    const volatile Env* e = &envs[ENVX(envid)];
    while (e->env_id == envid && e->env_status != status)
        sys_yield();
}

void
wait(envid_t envid)
{
    yield_until_status(envid, ENV_FREE);
}

void
wait_until_blocked(envid_t envid)
{
    yield_until_status(envid, ENV_NOT_RUNNABLE);
}
