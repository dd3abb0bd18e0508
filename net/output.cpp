// The output helper: moves frames from the network server to the card. It waits
// for ns to send a frame (inc/ns.h) and queues it with sys_net_try_transmit,
// sleeping in sys_net_wait while the transmit ring is full.

#include <inc/lib.h>
#include <inc/net.h>
#include <inc/ns.h>

static PacketPage* const packet = reinterpret_cast<PacketPage*>(NS_HELPER_PACKET_VA);

// Queues packet's frame, waiting for room in the ring. A frame the kernel
// refuses is dropped with a message, as a network drops it.
[[maybe_unused]] static void
transmit_one_frame()
{
    int r;
    while ((r = sys_net_try_transmit(packet->data, packet->length)) == to_int(Error::try_again)) {
        // LAB 6: BEGIN SOLUTION
        // HINT: (the interrupt challenge, doc/labs/lab6.md) sleep until a descriptor is free.
        // Sleep until the card has sent a frame (its interrupt); a refused wait polls.
        if (sys_net_wait(NET_WAIT_TRANSMIT) < 0)
            sys_yield();
        // LAB 6: STUB
        // sys_yield();
        // LAB 6: END SOLUTION
    }
    if (r < 0)
        cprintf("output: frame of %u bytes dropped: %e\n", packet->length, r);
}

void
net_output_loop(envid_t ns)
{
    // LAB 6: BEGIN SOLUTION
    // HINT: forever: receive a page from ns at packet (ipc_recv), ignore anything that is not an
    //       NSREQ_OUTPUT page from ns, and transmit the frame (transmit_one_frame).
    //       Exercise 6, doc/labs/lab6.md.
    for (;;) {
        envid_t from;
        int perm;
        int32_t req = ipc_recv(&from, packet, &perm);
        if (from != ns || req != NSREQ_OUTPUT || (perm & PTE_P) == 0) {
            cprintf("output: ignoring request %d from %08x\n", req, from);
            continue;
        }
        transmit_one_frame();
    }
    // LAB 6: STUB
    // NOT_IMPLEMENTED(6, ns);
    // LAB 6: END SOLUTION
}
