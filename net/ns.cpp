// The network server: starts its helpers (input, output, timer), brings up
// lwIP on 10.0.2.15, then serves one IPC message at a time (inc/ns.h frames,
// inc/nsipc.h socket requests, timer ticks) until the session is over
// (net/ns_session.cpp). doc/net.md.

#include "net/ns.h"

// Forks a helper environment that runs loop(ns) and never returns.
static envid_t
start_helper(const char* name, void (*loop)(envid_t), envid_t ns)
{
    envid_t child = fork();
    if (child < 0)
        panic("ns: cannot fork %s: %e", name, child);
    if (child == 0) {
        binaryname = name;
        loop(ns);
    }
    return child;
}

void
umain(int, char**)
{
    binaryname = "ns";
    envid_t ns = sys_getenvid();
    envid_t input = start_helper("ns_input", net_input_loop, ns);
    envid_t output = start_helper("ns_output", net_output_loop, ns);
    envid_t timer = start_helper("ns_timer", ns_timer_loop, ns);
    const envid_t helpers[NS_HELPERS] = {input, output, timer};
    ns_netif_start(output);
    cprintf("ns: %02x:%02x:%02x:%02x:%02x:%02x bound to static IP %d.%d.%d.%d\n", NET_MAC[0],
            NET_MAC[1], NET_MAC[2], NET_MAC[3], NET_MAC[4], NET_MAC[5], NS_IP[0], NS_IP[1],
            NS_IP[2], NS_IP[3]);

    uint32_t last_reap = sys_time_msec();
    for (;;) {
        envid_t from;
        int perm;
        int32_t value = ipc_recv(&from, reinterpret_cast<void*>(NS_REQUEST_VA), &perm);
        bool has_page = (perm & PTE_P) != 0;
        if (from == 0) {
            // The receive itself failed; nothing arrived.
        } else if (from == input && value == NSREQ_INPUT && has_page) {
            ns_netif_input(reinterpret_cast<const PacketPage*>(NS_REQUEST_VA));
        } else if (from == timer && value == NSREQ_TIMER) {
            // Only a wake-up: the timers run below.
        } else {
            auto* request = has_page ? reinterpret_cast<Nsipc*>(NS_REQUEST_VA) : nullptr;
            ns_sockets_serve(from, static_cast<uint32_t>(value), request);
        }
        ns_netif_timers();
        ns_sockets_progress();
        if (sys_time_msec() - last_reap >= NS_TIMER_MS) {
            ns_sockets_reap();
            last_reap = sys_time_msec();
            if (ns_session_over(ns))
                ns_session_end(helpers);
        }
    }
}
