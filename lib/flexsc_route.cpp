// Transparent FlexSC: routing the library OS's system calls through the
// syscall page instead of trapping (doc/flexsc.md, "Transparent mode").
//
// lib/syscall.cpp asks flexsc_routing() for every call. When it is on, a call
// is posted as an entry if posting can pay, and otherwise made at once by
// sysenter (the hybrid policy; FlexscRouting::always posts every call). A
// posted call parks its thread of FlexSC-Threads while the others run, or
// waits in flexsc_wait in a program without threads. The environment
// registers lazily, on its first posted call, so a fork child (which starts
// unregistered) gets its own page and syscall thread.

#include <inc/lib.h>
#include <inc/uthread.h>

PER_ENV static FlexscRouting routing;

bool
flexsc_routing()
{
    return routing != FlexscRouting::off;
}

void
flexsc_transparent_start(FlexscRouting how)
{
    routing = how;
}

int
flexsc_threads_start(FlexscRouting how)
{
    if (!flexsc_registered()) {
        int r = flexsc_register();
        if (r < 0)
            return r;
    }
    routing = how;
    thread_self(); // the calling thread becomes the main thread
    return 0;
}

// Whether posting a call can beat making it by sysenter. A post alone costs
// a kernel entry (flexsc_wait) plus a switch to the syscall thread and back,
// so it pays only when something shares that entry or there is none: another
// call already in flight (the same wait serves both; and a call made at once
// could overtake it), another thread ready to run (it may post too while this
// one is parked), or a polling thread (no kernel entry while it is awake;
// one wait wakes it if it sleeps, and then it serves the calls after).
static bool
posting_pays()
{
    if (routing == FlexscRouting::always)
        return true;
    if (FlexscClient* client = flexsc_client()) {
        if (client->in_flight > 0 || poller_state(*client->page) != PollerState::none)
            return true;
    }
    return uthread_others_ready();
}

int32_t
flexsc_route(Syscall number, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
    auto trap = [&] {
        return syscall_via(syscall_default_path, static_cast<uint32_t>(number), a1, a2, a3, a4, a5);
    };
    if (!posting_pays())
        return trap();
    // Out of environments or memory for a syscall thread: the call traps, and
    // the next one tries to register again. Nothing is written to memory on
    // this path: it may run in a fork child's page-fault handler, where a write
    // to a copy-on-write page would fault again, for ever.
    if (!flexsc_registered() && flexsc_register() < 0)
        return trap();
    int entry = flexsc_post(number, a1, a2, a3, a4, a5);
    if (entry < 0)
        return trap();
    if (uthread_can_park())
        uthread_park_on_entry(entry);
    return flexsc_reap(entry);
}
