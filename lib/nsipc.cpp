// The client side of the socket protocol (inc/nsipc.h): one request page, one
// request at a time, as lib/file.cpp does with the file server.

#include <inc/lib.h>
#include <inc/nsipc.h>

alignas(PGSIZE) Nsipc nsipcbuf;

// inc/nsipc.h gives the contract.
int
nsipc(NsRequest type, void* dstva)
{
    static envid_t nsenv;
    if (nsenv == 0)
        nsenv = ipc_find_env(ENV_TYPE_NS);
    if (nsenv == 0)
        return to_int(Error::not_supp);
    // Not ipc_send, which panics when the server is gone.
    int r;
    while ((r = sys_ipc_try_send(nsenv, type, &nsipcbuf, PTE_P | PTE_W | PTE_U)) ==
           to_int(Error::ipc_not_recv))
        sys_yield();
    if (r < 0) {
        nsenv = 0;
        return r;
    }
    // Only the server's answer counts: anything else that arrives meanwhile
    // (nothing should) is dropped rather than taken for the answer.
    for (;;) {
        envid_t from;
        r = ipc_recv(&from, dstva, nullptr);
        if (r < 0 && from == 0)
            return r;
        if (from == nsenv)
            return r;
    }
}
