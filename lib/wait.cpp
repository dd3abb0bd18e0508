// Waiting for an environment to exit.

#include <inc/lib.h>

void
wait(envid_t envid)
{
    assert(envid != 0);
    const volatile Env* e = &envs[ENVX(envid)];
    // The slot may be reused by a new environment: its id then differs.
    while (e->env_id == envid && e->env_status != ENV_FREE)
        sys_yield();
}
