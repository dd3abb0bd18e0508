// The timer helper: ns waits in ipc_recv, which has no timeout, so this
// environment wakes it every NS_TIMER_MS for lwIP's timers (retransmission,
// ARP, TIME_WAIT) and for reaping closed sockets.

#include "net/ns.h"

void
ns_timer_loop(envid_t ns)
{
    void* no_page = reinterpret_cast<void*>(UTOP);
    for (;;) {
        // Asleep, not yielding in a loop: an idle network lets the CPU halt.
        uint32_t due = sys_time_msec() + NS_TIMER_MS;
        while (static_cast<int32_t>(sys_time_msec() - due) < 0)
            sys_sleep_until(due);
        int r;
        while ((r = sys_ipc_try_send(ns, NSREQ_TIMER, no_page, 0)) == to_int(Error::ipc_not_recv))
            sys_yield();
        if (r < 0)
            exit(); // ns has gone
    }
}
