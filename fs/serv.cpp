// The file server's program: boot checks, then the request loop. A client
// sends the request number as the IPC value with a request page
// (inc/fsipc.h); the server answers with a value and, for OPEN, READ and
// STAT, a page (fs/request.cpp). One request at a time, as JOS's server;
// FSREQ_SERVE_THREADS switches to fs/serv_threads.cpp's loop.

#include <inc/x86.h>

#include "fs.h"

static Fsipc*
request_page()
{
    return reinterpret_cast<Fsipc*>(REQ_VA);
}

// How long a client may take to start waiting for its answer. A legitimate
// one goes straight from its send to its receive; one that never receives
// (buggy, or still trying to send us its next request) must not stall every
// other client, so after this long its answer is dropped.
constexpr uint32_t ANSWER_PATIENCE_MS = 500;

// Sends the answer. A client that has exited meanwhile gets none.
void
answer(envid_t whom, const Reply& reply)
{
    void* src = reply.page != nullptr ? reply.page : reinterpret_cast<void*>(UTOP);
    uint32_t start = sys_time_msec();
    int r;
    while ((r = sys_ipc_try_send(whom, reply.value, src, reply.perm)) ==
           to_int(Error::ipc_not_recv)) {
        if (sys_time_msec() - start > ANSWER_PATIENCE_MS) {
            cprintf("fs: %08x is not waiting for its answer; dropped\n", whom);
            return;
        }
        sys_yield();
    }
    if (r < 0)
        cprintf("fs: answering %08x: %e\n", whom, r);
}

// Whether whom is the network server. The kernel sets env_type, so no other
// environment can claim to be it.
static bool
is_network_server(envid_t whom)
{
    const volatile Env& env = envs[ENVX(whom)];
    return env.env_id == whom && env.env_type == ENV_TYPE_NS;
}

// The end of a network session (net/ns_session.cpp): ns asks once its program
// and all that program's descendants have exited. Syncs, answers, and exits.
[[noreturn]] static void
end_serving(envid_t ns)
{
    fs_sync();
    answer(ns, Reply{});
    exit();
}

Reply
serve_message(uint32_t request, envid_t whom, int perm, Fsipc* page)
{
    constexpr int REQ_PERM = PTE_P | PTE_U | PTE_W;
    if ((perm & REQ_PERM) != REQ_PERM) {
        cprintf("fs: request %u from %08x has no writable page\n", request, whom);
        return Reply{to_int(Error::inval), nullptr, 0};
    }
    if (request == FSREQ_END && is_network_server(whom))
        end_serving(whom);
    return serve_request(request, page);
}

[[noreturn]] static void
serve()
{
    for (;;) {
        envid_t whom;
        int perm;
        uint32_t request = static_cast<uint32_t>(ipc_recv(&whom, request_page(), &perm));
        if (whom == 0) {
            cprintf("fs: ipc_recv failed: %e\n", static_cast<int32_t>(request));
            continue;
        }
        answer(whom, serve_message(request, whom, perm, request_page()));
        // Unmapped, so a request that comes without a page finds none here.
        int r = sys_page_unmap(0, request_page());
        if (r < 0)
            panic("fs: unmapping the request page: %e", r);
        // A FlexSC option (make bench's threads and poll modes): from now on,
        // a thread per request in flight (fs/serv_threads.cpp).
        if (request == FSREQ_SERVE_THREADS && (perm & PTE_W))
            serve_with_threads();
    }
}

// IOPL (EFLAGS bits 12-13) is the least privileged ring that may use in and
// out; below it they raise a general protection fault. The kernel gives IOPL 3
// to ENV_TYPE_FS only, so reading the disk's status here proves the point.
static void
check_io()
{
    if ((read_eflags() & FL_IOPL_MASK) != FL_IOPL_3)
        panic("fs: no I/O privilege; was fs started as ENV_TYPE_FS?");
    inb(0x1F7);
    cprintf("FS can do I/O\n");
}

void
umain(int, char**)
{
    binaryname = "fs";
    cprintf("FS is running\n");
    check_io();
    if (!fs_init()) {
        // Clients that look for the server now find none and get not_supp.
        cprintf("fs: refusing to serve this disk\n");
        exit();
    }
    fs_test();
    serve();
}
