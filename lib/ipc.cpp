// IPC for user programs, over sys_ipc_try_send / sys_ipc_recv.

#include <inc/lib.h>

// Waits for a message and returns its value. If pg is non-null, a page sent
// with it is mapped there. *from_env_store and *perm_store (if non-null) get
// the sender and the page's permissions (0: no page). On error, returns it and
// sets both to 0.
int32_t
ipc_recv(envid_t* from_env_store, void* pg, int* perm_store)
{
    // LAB 4: BEGIN SOLUTION
    // HINT: sys_ipc_recv (UTOP: no page), then report sender, perm and value from thisenv;
    //       on error 0s and the error. Exercise 15, doc/labs/lab4.md.
    int r = sys_ipc_recv(pg != nullptr ? pg : reinterpret_cast<void*>(UTOP));
    if (from_env_store != nullptr)
        *from_env_store = r < 0 ? 0 : thisenv->env_ipc_from;
    if (perm_store != nullptr)
        *perm_store = r < 0 ? 0 : static_cast<int>(thisenv->env_ipc_perm);
    return r < 0 ? r : static_cast<int32_t>(thisenv->env_ipc_value);
    // LAB 4: STUB
    // NOT_IMPLEMENTED(4, from_env_store, pg, perm_store);
    // LAB 4: END SOLUTION
}

// Sends value (and the page at pg with perm, if pg is non-null) to to_env,
// retrying until it is ready to receive. Panics on any other error.
void
ipc_send(envid_t to_env, uint32_t value, void* pg, int perm)
{
    // LAB 4: BEGIN SOLUTION
    // HINT: sys_ipc_try_send until the receiver is ready (yield between tries); panic on any
    //       other error. Exercise 15, doc/labs/lab4.md.
    void* src = pg != nullptr ? pg : reinterpret_cast<void*>(UTOP);
    int r;
    while ((r = sys_ipc_try_send(to_env, value, src, perm)) == to_int(Error::ipc_not_recv))
        sys_yield();
    if (r < 0)
        panic("ipc_send to %08x: %e", to_env, r);
    // LAB 4: STUB
    // NOT_IMPLEMENTED(4, to_env, value, pg, perm);
    // LAB 4: END SOLUTION
}

// The first environment of the given type, or 0.
envid_t
ipc_find_env(EnvType type)
{
    for (int i = 0; i < NENV; i++) {
        if (envs[i].env_type == type && envs[i].env_status != ENV_FREE)
            return envs[i].env_id;
    }
    return 0;
}
