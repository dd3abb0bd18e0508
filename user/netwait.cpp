// sys_net_wait (lab 6's interrupt challenge, doc/net.md): waiters that are
// destroyed, woken from outside, or too many; two woken by one frame. Runs
// without ns, so it is the only one using the card. Prints one line per check,
// "netwait: done" at the end. Without a card the wait is not_supp.

#include <inc/lib.h>
#include <inc/net.h>
#include <net/arp_request.h>

static uint8_t frame[PGSIZE] __attribute__((aligned(PGSIZE)));

static void
report(const char* what, int r)
{
    if (r < 0)
        cprintf("netwait: %s: %e\n", what, r);
    else
        cprintf("netwait: %s: %d\n", what, r);
}

// Forks a child that waits for a frame and reports waking as `name` (and
// then, if told, waits in ipc_recv and reports what it got).
static envid_t
waiter(const char* name, bool then_receive = false)
{
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        int r = sys_net_wait(NET_WAIT_RECEIVE);
        cprintf("netwait: %s woke: %d\n", name, r);
        if (then_receive) {
            envid_t from;
            int32_t value = ipc_recv(&from, nullptr, nullptr);
            cprintf("netwait: %s received %d\n", name, value);
        }
        exit();
    }
    return child;
}

// Waits for a woken waiter to exit, asleep between looks: the frame that wakes
// it comes only once QEMU's card takes frames, a second after the boot
// (doc/net.md), and wait()'s yield loop kept the CPU busy all that time.
static void
wait_for_exit(envid_t envid)
{
    const volatile Env* e = &envs[ENVX(envid)];
    while (e->env_id == envid && e->env_status != ENV_FREE)
        if (sys_sleep_until(sys_time_msec() + 5) < 0)
            sys_yield();
}

// Sends an ARP request; QEMU's answer is the one frame that arrives.
static void
provoke_a_frame()
{
    size_t len = net_build_arp_request(frame);
    report("transmit an ARP request", sys_net_try_transmit(frame, len));
}

static void
too_many_waiters()
{
    envid_t kids[NET_WAITERS_MAX];
    for (envid_t& kid : kids) {
        kid = waiter("one of many");
        wait_until_blocked(kid);
    }
    report("one waiter too many", sys_net_wait(NET_WAIT_RECEIVE));
    for (envid_t kid : kids)
        sys_env_destroy(kid);
}

void
umain(int, char**)
{
    frame[0] = 0;
    report("wait for nothing", sys_net_wait(0));
    report("wait for an unknown event", sys_net_wait(1u << 2));
    report("wait for transmit room", sys_net_wait(NET_WAIT_TRANSMIT));
    if (sys_net_try_receive(frame, sizeof(frame)) == to_int(Error::not_supp)) {
        cprintf("netwait: done\n");
        return;
    }

    envid_t doomed = waiter("a destroyed waiter");
    wait_until_blocked(doomed);
    report("destroy a waiter", sys_env_destroy(doomed));

    // Woken from outside, then waiting for a message: the frame must not wake it.
    envid_t stale = waiter("the stale waiter", true);
    wait_until_blocked(stale);
    report("wake it from outside", sys_env_set_status(stale, ENV_RUNNABLE));
    wait_until_blocked(stale); // now in ipc_recv

    envid_t first = waiter("the first of two"), second = waiter("the second of two");
    wait_until_blocked(first);
    wait_until_blocked(second);
    provoke_a_frame();
    wait_for_exit(first);
    wait_for_exit(second);
    int r = sys_net_try_receive(frame, sizeof(frame));
    report("the frame, still there for the taking", r);
    ipc_send(stale, 7, nullptr, 0);
    wait(stale);

    too_many_waiters();
    cprintf("netwait: done\n");
}
