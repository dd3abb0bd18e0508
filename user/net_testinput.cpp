// The receive path's test (lab 6): plays the network server with both helpers.
// It asks QEMU's gateway for its MAC address (an ARP request, through output),
// which also tells QEMU the guest's; then it prints every frame input hands it
// as a hexdump, the format JOS's grader reads:
//   input: 0000   5254 0012 3456 5255  0a00 0202 0806 0001
// After the first frame (the ARP reply) it says "Waiting for packets...", and
// the test sends UDP datagrams from the host. An optional argv[1] stops it after
// that many frames (the helpers are destroyed, so the kernel goes idle).

#include <inc/lib.h>
#include <inc/ns.h>
#include <net/arp_request.h>

static PacketPage* const request = reinterpret_cast<PacketPage*>(0x0fffe000);
static PacketPage* const received = reinterpret_cast<PacketPage*>(0x0ffff000);

// Asks for the gateway's MAC address (net/arp_request.h), through output.
static void
send_arp_request(envid_t output)
{
    int r = sys_page_alloc(0, request, PTE_P | PTE_U | PTE_W);
    if (r < 0)
        panic("sys_page_alloc: %e", r);
    request->length = net_build_arp_request(request->data);
    ipc_send(output, NSREQ_OUTPUT, request, PTE_P | PTE_U | PTE_W);
    sys_page_unmap(0, request);
}

// Prints len bytes as lines of 16, each "PREFIX OFFSET   " then the bytes in
// pairs, with one more space after the eighth byte.
static void
hexdump(const char* prefix, const uint8_t* data, size_t len)
{
    for (size_t line = 0; line < len; line += 16) {
        char text[96];
        int n = snprintf(text, sizeof(text), "%s%04x   ", prefix, static_cast<unsigned>(line));
        for (size_t i = line; i < len && i < line + 16; i++) {
            n += snprintf(text + n, sizeof(text) - n, "%02x", data[i]);
            bool last = i + 1 == len || i % 16 == 15;
            if (!last && i % 2 == 1)
                text[n++] = ' ';
            if (!last && i % 16 == 7)
                text[n++] = ' ';
        }
        text[n] = '\0';
        cprintf("%s\n", text);
    }
}

static envid_t
fork_helper(void (*loop)(envid_t), envid_t ns)
{
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0)
        loop(ns);
    return child;
}

void
umain(int argc, char** argv)
{
    long limit = argc > 1 ? strtol(argv[1], nullptr, 10) : -1;
    envid_t ns = sys_getenvid();
    envid_t output = fork_helper(net_output_loop, ns);
    envid_t input = fork_helper(net_input_loop, ns);

    cprintf("Sending ARP announcement...\n");
    send_arp_request(output);

    for (long frames = 0; limit < 0 || frames < limit; frames++) {
        envid_t from;
        int perm;
        int32_t req = ipc_recv(&from, received, &perm);
        if (from != input || req != NSREQ_INPUT || (perm & PTE_P) == 0)
            panic("net_testinput: unexpected IPC %d from %08x", req, from);
        hexdump("input: ", received->data, received->length);
        cprintf("\n");
        if (frames == 0)
            cprintf("Waiting for packets...\n");
    }
    cprintf("net_testinput: %ld frames received\n", limit);
    sys_env_destroy(input);
    sys_env_destroy(output);
}
