// Hostile network system calls (lab 6): each must get an error, never a panic,
// a hang or a cut-short frame. Bad pointers are tried in children: by trap the
// kernel destroys the caller (as for every call), through FlexSC (boot option
// +flexsc=always) the call returns fault. Without a card every call is not_supp.
// Prints one line per check, "nethostile: done" at the end.

#include <inc/lib.h>
#include <inc/net.h>
#include <net/arp_request.h>

static uint8_t frame[PGSIZE] __attribute__((aligned(PGSIZE)));

static void
report(const char* what, int r)
{
    if (r < 0)
        cprintf("nethostile: %s: %e\n", what, r);
    else
        cprintf("nethostile: %s: %d\n", what, r);
}

// Runs one call with a bad pointer in a child and waits for it.
static void
in_child(const char* what, int (*call)())
{
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        report(what, call());
        exit();
    }
    wait(child);
}

static int
transmit_from_kernel()
{
    return sys_net_try_transmit(reinterpret_cast<void*>(KERNBASE), 60);
}

static int
transmit_from_unmapped()
{
    return sys_net_try_transmit(nullptr, 60);
}

static int
receive_into_kernel()
{
    return sys_net_try_receive(reinterpret_cast<void*>(KERNBASE), NET_FRAME_MAX);
}

static int
receive_into_read_only()
{
    // The program's own code: mapped, but not writable.
    return sys_net_try_receive(reinterpret_cast<void*>(&umain), NET_FRAME_MAX);
}

// Waits (up to about two seconds) for a frame to arrive, asking with a
// buffer too small for any; returns the last answer. Asks every few
// milliseconds, asleep in between: QEMU's card takes no frame for the first
// second after the boot (doc/net.md), and yielding in a loop kept the CPU busy
// all that time.
static int
wait_for_frame_with_small_buffer()
{
    uint32_t end = sys_time_msec() + 2000;
    int r;
    while ((r = sys_net_try_receive(frame, 10)) == to_int(Error::try_again) &&
           sys_time_msec() < end)
        if (sys_sleep_until(sys_time_msec() + 5) < 0)
            sys_yield();
    return r;
}

void
umain(int, char**)
{
    frame[0] = 0; // touch it: the kernel writes only to writable pages
    report("transmit len 0", sys_net_try_transmit(frame, 0));
    report("transmit len over the limit", sys_net_try_transmit(frame, NET_FRAME_MAX + 1));
    report("transmit len 0xffffffff", sys_net_try_transmit(frame, 0xffffffff));
    in_child("transmit from kernel memory", transmit_from_kernel);
    in_child("transmit from unmapped memory", transmit_from_unmapped);
    in_child("receive into kernel memory", receive_into_kernel);
    in_child("receive into read-only memory", receive_into_read_only);

    size_t len = net_build_arp_request(frame);
    int r = sys_net_try_transmit(frame, len);
    report("transmit an ARP request", r);
    if (r == 0) {
        report("receive the reply into 10 bytes", wait_for_frame_with_small_buffer());
        r = sys_net_try_receive(frame, sizeof(frame));
        report("receive the reply into a page", r);
        if (r > 0)
            cprintf("nethostile: reply from %02x:%02x:%02x:%02x:%02x:%02x\n", frame[6], frame[7],
                    frame[8], frame[9], frame[10], frame[11]);
        report("receive again", sys_net_try_receive(frame, sizeof(frame)));
    }
    cprintf("nethostile: done\n");
}
