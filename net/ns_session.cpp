// The end of a network session (doc/net.md). The kernel starts fs, ns and one
// program; once that program and everything it forked or spawned have exited,
// nobody can use the network again, so ns ends its helpers, asks the file
// server to end, and exits. Then no environment is left, the kernel's monitor
// runs, and its free page count, equal to the one at boot, shows that the
// session leaked nothing.

#include "net/ns.h"

#include <inc/fsipc.h>

// Whether env is part of the session's servers: ns, a helper ns forked, or
// the file server. Everything else alive is the program or its descendants.
static bool
is_server(const volatile Env& env, envid_t ns)
{
    return env.env_id == ns || env.env_parent_id == ns || env.env_type == ENV_TYPE_FS;
}

bool
ns_session_over(envid_t ns)
{
    for (int i = 0; i < NENV; i++) {
        if (envs[i].env_status != ENV_FREE && !is_server(envs[i], ns))
            return false;
    }
    return true;
}

// Asks the file server to end (FSREQ_END: it accepts it only from an
// ENV_TYPE_NS environment) and waits for its answer, so the file system is
// synced before ns goes. Nothing to do if there is no file server.
static void
end_file_server()
{
    envid_t fs = ipc_find_env(ENV_TYPE_FS);
    if (fs == 0)
        return;
    void* request = reinterpret_cast<void*>(NS_OUTPUT_VA);
    if (sys_page_alloc(0, request, PTE_P | PTE_U | PTE_W) < 0)
        return;
    int r;
    while ((r = sys_ipc_try_send(fs, FSREQ_END, request, PTE_P | PTE_U | PTE_W)) ==
           to_int(Error::ipc_not_recv))
        sys_yield();
    if (r < 0)
        return; // fs has gone already
    envid_t from = 0;
    // Only fs can still send: the helpers are gone and there are no clients.
    while (from != fs)
        ipc_recv(&from, nullptr, nullptr);
}

void
ns_session_end(const envid_t (&helpers)[NS_HELPERS])
{
    cprintf("ns: the session is over: ending the network and file servers\n");
    for (envid_t helper : helpers)
        sys_env_destroy(helper);
    end_file_server();
    exit();
}
