// Transparent FlexSC: routing the library OS's system calls through the
// syscall page instead of trapping (doc/flexsc.md, "Transparent mode").
//
// lib/syscall.cpp asks flexsc_routing() for every call. When it is on, a call
// is posted as an entry; a thread of FlexSC-Threads parks until the entry
// completes while the others run, and a program without threads waits in
// flexsc_wait. The environment registers lazily, on its first routed call, so a
// fork child (which starts unregistered) gets its own page and syscall thread.

#include <inc/lib.h>
#include <inc/uthread.h>

PER_ENV static bool routing;

bool
flexsc_routing()
{
    return routing;
}

void
flexsc_transparent_start()
{
    routing = true;
}

int
flexsc_threads_start()
{
    if (!flexsc_registered()) {
        int r = flexsc_register();
        if (r < 0)
            return r;
    }
    routing = true;
    thread_self(); // the calling thread becomes the main thread
    return 0;
}

int32_t
flexsc_route(Syscall number, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
    auto trap = [&] { return syscall_via(syscall_default_path, static_cast<uint32_t>(number), a1, a2, a3, a4, a5); };
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
