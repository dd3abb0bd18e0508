// File requests from FlexSC-Threads threads, many in flight at once
// (file_threads_start; the server side is fs/serv_threads.cpp).
//
// Each thread has its own request page and posts its own receive, then its
// request, tagged with its thread slot (inc/fsipc.h). A send completes the
// oldest outstanding receive, so an answer may arrive in another thread's
// receive: whoever reaps a receive hands the answer to the thread its tag
// names (moving OPEN's Fd page to where that thread asked for it) and then
// waits for its own. There are always as many receives outstanding as
// answers to come, so every thread's receive completes.
//
// lib/file.cpp's functions fill the shared fsipcbuf as in lab 5 (`staged`);
// with no system call in between (so no thread switch), fsipc_from_thread
// copies it into the thread's page, and copies an answer left in the page back.

#include <inc/lib.h>
#include <inc/uthread.h>
#include <lib/file_threads.h>

namespace {
// A request page and a receive page per thread slot, above the thread stacks.
constexpr uintptr_t REQUEST_PAGES = 0xE0800000;
constexpr uintptr_t RECEIVE_PAGES = REQUEST_PAGES + THREAD_MAX * PGSIZE;
static_assert(THREAD_STACKS + THREAD_MAX * (THREAD_STACK_PAGES + 1) * PGSIZE <= REQUEST_PAGES);
static_assert(RECEIVE_PAGES + THREAD_MAX * PGSIZE <= USTACKTOP - PGSIZE);
static_assert(THREAD_MAX <= FSREQ_TAG_MAX);

struct Pending {
    bool answered;
    int32_t result;
    void* dstva; // where an answer's page goes
};
Pending pending[THREAD_MAX];
Mutex answers_lock; // (cond_wait wants one; threads switch only at calls anyway)
CondVar answers;
PER_ENV bool tagging; // this environment asked the server for threads
Mutex opening;
} // namespace

OpenGuard::OpenGuard() : held(fsipc_threads_on())
{
    if (held)
        mutex_lock(&opening);
}

OpenGuard::~OpenGuard()
{
    if (held)
        mutex_unlock(&opening);
}

static Fsipc*
request_page(int slot)
{
    return reinterpret_cast<Fsipc*>(REQUEST_PAGES + slot * PGSIZE);
}

static void*
receive_page(int slot)
{
    return reinterpret_cast<void*>(RECEIVE_PAGES + slot * PGSIZE);
}

void
fsipc_threads_enable()
{
    tagging = true;
}

bool
fsipc_threads_on()
{
    return tagging && flexsc_registered() && uthread_can_park();
}

// How much of fsipcbuf a request reads.
static size_t
request_size(FsRequest type, const Fsipc& staged)
{
    switch (type) {
    case FSREQ_WRITE:
        return offsetof(Fsipc, write.req_buf) +
               min<size_t>(staged.write.req_n, sizeof(staged.write.req_buf));
    case FSREQ_OPEN:
    case FSREQ_REMOVE:
        return sizeof(staged.open);
    default:
        return 2 * sizeof(int32_t);
    }
}

// Hands the answer in the receive that just completed (its page, if any, at
// receive_page(slot)) to the thread its tag names.
static void
deliver(uint32_t value, int perm, int slot)
{
    uint32_t tag = value >> 24;
    if (tag >= THREAD_MAX || pending[tag].answered) {
        cprintf("file: an answer for no request in flight (tag %u); dropped\n", tag);
    } else {
        if (perm != 0 && pending[tag].dstva != nullptr)
            sys_page_map(0, receive_page(slot), 0, pending[tag].dstva, perm);
        pending[tag].result = fsanswer_result(value);
        pending[tag].answered = true;
    }
    if (perm != 0)
        sys_page_unmap(0, receive_page(slot)); // (an Fd page held here would look open)
    cond_broadcast(&answers);
}

// Waits for the receive in `entry` and delivers what came; a message that is
// not from the file server takes no answer's place: receive again.
static int
receive_one(int entry, envid_t fsenv, int slot)
{
    for (;;) {
        envid_t from;
        int perm;
        int32_t value = flexsc_reap_recv(entry, &from, &perm);
        if (value < 0 && from == 0)
            return value;
        if (from == fsenv) {
            deliver(static_cast<uint32_t>(value), perm, slot);
            return 0;
        }
        cprintf("file: a message from %08x while waiting for the file server; dropped\n", from);
        if ((entry = flexsc_post_recv(receive_page(slot))) < 0)
            return entry;
    }
}

int
fsipc_from_thread(envid_t fsenv, FsRequest type, void* dstva, Fsipc& staged)
{
    int slot = (thread_self() - 1) % THREAD_MAX;
    Fsipc* page = request_page(slot);
    uintptr_t va = reinterpret_cast<uintptr_t>(page);
    if (!(uvpd[PDX(va)] & PTE_P) || !(uvpt[PGNUM(va)] & PTE_P)) {
        // By trap, never posted: a posted call parks this thread, and another
        // would overwrite `staged` before it is copied.
        int r = syscall_via(syscall_default_path, static_cast<uint32_t>(Syscall::page_alloc), 0, va,
                            PTE_P | PTE_U | PTE_W, 0, 0);
        if (r < 0)
            return r;
    }
    memcpy(page, &staged, request_size(type, staged));
    pending[slot] = Pending{false, 0, dstva};

    // The receive first: the answer must find it.
    int recv = flexsc_post_recv(receive_page(slot));
    if (recv < 0)
        return recv;
    int r;
    for (;;) {
        // (Posted, as the receive is in flight: this thread parks meanwhile.)
        r = sys_ipc_try_send(fsenv, fsreq_tagged(type, slot), page, PTE_P | PTE_U | PTE_W);
        if (r != to_int(Error::ipc_not_recv))
            break;
        sys_yield(); // every server thread is busy
    }
    if (r < 0)
        return r; // (the receive stays outstanding: no answer will take it)
    if ((r = receive_one(recv, fsenv, slot)) < 0)
        return r;
    mutex_lock(&answers_lock);
    while (!pending[slot].answered)
        cond_wait(&answers, &answers_lock);
    mutex_unlock(&answers_lock);
    int32_t result = pending[slot].result;
    if (type == FSREQ_READ && result > 0)
        memcpy(staged.readRet.ret_buf, page->readRet.ret_buf, min<size_t>(result, PGSIZE));
    if (type == FSREQ_STAT && result >= 0)
        staged.statRet = page->statRet;
    return result;
}
