// The file server on FlexSC-Threads, a FlexSC option (FSREQ_SERVE_THREADS;
// make bench's threads and poll modes ask for it): SERVER_THREADS user
// threads each loop receive -> serve -> answer, each with a receive
// outstanding through the syscall page at its own request page (a send
// completes the oldest: any idle thread takes the next request). Their
// receives, answers and unmaps are posted, so one flexsc_wait serves many.
// The lab 5 loop (fs/serv.cpp) is the one students write; this one serves
// the same requests (fs/request.cpp), one thread at a time in the handlers.

#include <inc/uthread.h>

#include "fs.h"

namespace {
constexpr int SERVER_THREADS = 16;

// The handlers keep state (open files, the block cache) across system calls,
// and a system call parks its thread: one handler at a time.
Mutex handling;

Fsipc*
thread_request_page(int slot)
{
    return reinterpret_cast<Fsipc*>(REQ_VA - (slot + 1) * PGSIZE);
}

// A tagged request's answer: the tag and result in the value, and a page
// only for OPEN (inc/fsipc.h).
Reply
tag_answer(Reply reply, uint32_t request, uint32_t tag)
{
    bool page = (request & 0xFF) == FSREQ_OPEN;
    return Reply{static_cast<int32_t>(fsanswer_tagged(tag, reply.value)),
                 page ? reply.page : nullptr, page ? reply.perm : 0};
}

[[noreturn]] void
serve_on(int slot)
{
    Fsipc* page = thread_request_page(slot);
    for (;;) {
        envid_t whom;
        int perm;
        uint32_t value = static_cast<uint32_t>(flexsc_ipc_recv(&whom, page, &perm));
        if (whom == 0) {
            cprintf("fs: thread %d: receive failed: %e\n", slot, static_cast<int32_t>(value));
            thread_yield();
            continue;
        }
        bool tagged = value & FSREQ_TAGGED;
        uint32_t request = tagged ? value & 0xFF : value;
        mutex_lock(&handling);
        Reply reply = serve_message(request, whom, perm, page);
        mutex_unlock(&handling);
        answer(whom, tagged ? tag_answer(reply, request, value >> 8 & 0xFF) : reply);
        sys_page_unmap(0, page);
    }
}

void
serve_thread(void* slot)
{
    serve_on(reinterpret_cast<int>(slot));
}
} // namespace

void
serve_with_threads()
{
    int r = flexsc_threads_start();
    if (r < 0) {
        cprintf("fs: FlexSC-Threads unavailable (%e): serving one request at a time\n", r);
        return;
    }
    for (int slot = 1; slot < SERVER_THREADS; slot++) {
        if ((r = thread_create(serve_thread, reinterpret_cast<void*>(slot))) < 0)
            panic("fs: thread_create: %e", r);
    }
    cprintf("fs: serving with %d FlexSC-Threads threads\n", SERVER_THREADS);
    serve_on(0);
}
