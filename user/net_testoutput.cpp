// The transmit path's test (lab 6): plays the network server, forks the output
// helper, and sends it COUNT frames whose bytes are "Packet 00", "Packet 01",
// ... (COUNT is argv[1], 10 by default). The test reads them back from QEMU's
// packet capture, in order.

#include <inc/lib.h>
#include <inc/ns.h>

// Where each frame is built: a fresh page each time, since output keeps the last one.
static PacketPage* const packet = reinterpret_cast<PacketPage*>(0x0ffff000);

void
umain(int argc, char** argv)
{
    long count = argc > 1 ? strtol(argv[1], nullptr, 10) : 10;
    if (count < 0 || count > 100)
        panic("usage: net_testoutput [COUNT], COUNT from 0 to 100 (two digits a frame)");
    envid_t ns = sys_getenvid();
    envid_t output = fork();
    if (output < 0)
        panic("fork: %e", output);
    if (output == 0)
        net_output_loop(ns);

    for (long i = 0; i < count; i++) {
        int r = sys_page_alloc(0, packet, PTE_P | PTE_U | PTE_W);
        if (r < 0)
            panic("sys_page_alloc: %e", r);
        packet->length = snprintf(reinterpret_cast<char*>(packet->data), sizeof(packet->data),
                                  "Packet %02ld", i);
        cprintf("Transmitting packet %ld\n", i);
        ipc_send(output, NSREQ_OUTPUT, packet, PTE_P | PTE_U | PTE_W);
        sys_page_unmap(0, packet);
    }
    // Give output the CPU until it has queued the last frame: it waits for the
    // next request again once it has.
    while (envs[ENVX(output)].env_ipc_recving == 0)
        sys_yield();
    cprintf("net_testoutput: %ld frames handed to output\n", count);
    sys_env_destroy(output);
}
