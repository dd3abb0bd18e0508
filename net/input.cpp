// The input helper: moves frames from the card to the network server. It takes
// frames with sys_net_try_receive, sleeping in sys_net_wait (the card's
// interrupt) while there are none, and sends each frame to ns in a page of its
// own (inc/ns.h).

#include <inc/lib.h>
#include <inc/net.h>
#include <inc/ns.h>

// Where the helper builds each frame. Every frame gets a fresh page here, so ns
// may keep the page it was sent for as long as it likes.
static PacketPage* const packet = reinterpret_cast<PacketPage*>(NS_HELPER_PACKET_VA);

// Waits until a frame arrives and leaves it in packet.
[[maybe_unused]] static void
receive_one_frame()
{
    for (;;) {
        int r = sys_net_try_receive(packet->data, sizeof(packet->data));
        if (r > 0) {
            packet->length = static_cast<uint32_t>(r);
            return;
        }
        if (r != to_int(Error::try_again)) {
            cprintf("input: cannot receive: %e\n", r);
            exit();
        }
        // LAB 6: BEGIN SOLUTION
        // HINT: (the interrupt challenge, doc/labs/lab6.md) sleep until a frame arrives instead.
        // Nothing to take: sleep until the card's interrupt says a frame came.
        // (A refused wait, e.g. too many waiters, falls back to polling.)
        if (sys_net_wait(NET_WAIT_RECEIVE) < 0)
            sys_yield();
        // LAB 6: STUB
        // sys_yield();
        // LAB 6: END SOLUTION
    }
}

void
net_input_loop(envid_t ns)
{
    // LAB 6: BEGIN SOLUTION
    // HINT: forever: a fresh page at packet (ns may keep the last one), a frame into it
    //       (receive_one_frame), and the page to ns as NSREQ_INPUT, yielding while ns is not
    //       receiving; end quietly if ns is gone. Exercise 9, doc/labs/lab6.md.
    for (;;) {
        int r = sys_page_alloc(0, packet, PTE_P | PTE_U | PTE_W);
        if (r < 0)
            panic("input: sys_page_alloc: %e", r);
        receive_one_frame();
        // ipc_send would panic if ns has gone; the helper ends quietly instead.
        while ((r = sys_ipc_try_send(ns, NSREQ_INPUT, packet, PTE_P | PTE_U | PTE_W)) ==
               to_int(Error::ipc_not_recv))
            sys_yield();
        if (r < 0)
            exit();
    }
    // LAB 6: STUB
    // NOT_IMPLEMENTED(6, ns);
    // LAB 6: END SOLUTION
}
