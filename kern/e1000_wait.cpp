// Environments waiting for the E1000, and its interrupt. A waiter is recorded
// by id and by how many times it had run when it blocked: if either changed
// (it was destroyed, or something else woke it, e.g. sys_env_set_status from
// its parent), the record is stale and dropped, so the card never wakes an
// environment that is waiting for something else. The card interrupts only
// for causes some waiter wants (INT_RXT0 for a frame, INT_TXDW for a sent
// one); with nobody waiting it never interrupts, so polling programs pay nothing.

#include <kern/e1000.h>
#include <kern/e1000_hw.h>
#include <kern/e1000_wait.h>
#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/sched.h>
#include <inc/net.h>
#include <inc/trap.h>

struct NetWaiter {
    envid_t env_id; // 0: a free slot
    uint32_t runs;  // the env's env_runs when it blocked
    uint32_t what;  // NET_WAIT_* bits
};

// Protected by: kernel_lock.
static NetWaiter waiters[NET_WAITERS_MAX];

// Whether w's environment is still blocked in the sys_net_wait that made w.
static bool
still_waiting(const NetWaiter& w)
{
    return w.env_id != 0 && env_still_blocked(w.env_id, w.runs);
}

static bool
card_can(uint32_t what)
{
    return ((what & NET_WAIT_RECEIVE) && e1000_waiting_frame().ok()) ||
           ((what & NET_WAIT_TRANSMIT) && e1000_transmit_room());
}

// The causes the live waiters want, and only those, may interrupt.
static void
unmask_what_waiters_want()
{
    uint32_t causes = 0;
    for (const NetWaiter& w : waiters) {
        if (w.env_id == 0)
            continue;
        if (w.what & NET_WAIT_RECEIVE)
            causes |= e1000::INT_RXT0;
        if (w.what & NET_WAIT_TRANSMIT)
            causes |= e1000::INT_TXDW;
    }
    e1000_unmask_interrupts(causes);
}

// A slot for env: its own stale one, a free one, or another's stale one.
static NetWaiter*
free_slot(const Env& env)
{
    NetWaiter* found = nullptr;
    for (NetWaiter& w : waiters) {
        if (w.env_id == env.env_id)
            return &w;
        if (found == nullptr && !still_waiting(w))
            found = &w;
    }
    return found;
}

Error
e1000_wait(const SyscallContext& ctx, uint32_t what)
{
    // A cause left from before (read by nobody) would keep the line high, and an
    // edge-triggered 8259 would then never see the next one: clear it first.
    e1000_acknowledge_interrupt();
    if (card_can(what) || e1000_interrupt_line() < 0)
        return Error::ok; // (with no interrupt line a wait is a yield: the caller polls)
    NetWaiter* slot = free_slot(ctx.caller);
    if (slot == nullptr)
        return Error::try_again;
    Env& e = ctx.caller;
    *slot = NetWaiter{e.env_id, e.env_runs, what};
    unmask_what_waiters_want();
    e.env_status = ENV_NOT_RUNNABLE;
    e.env_tf.tf_regs.reg_eax = 0; // what sys_net_wait returns once woken
    sched_yield();
}

bool
e1000_has_waiters()
{
    for (const NetWaiter& w : waiters)
        if (still_waiting(w))
            return true;
    return false;
}

bool
e1000_is_interrupt(uint32_t trapno)
{
    int line = e1000_interrupt_line();
    return line >= 0 && trapno == IRQ_OFFSET + static_cast<uint32_t>(line);
}

// Whether e may run on this CPU now, in place of the environment interrupted.
static bool
can_run_here(const Env& e)
{
    return e.env_type != ENV_TYPE_FLEXSC &&
           (e.env_pinned_cpu < 0 || e.env_pinned_cpu == cpunum()) && !env_on_other_cpu(&e);
}

void
e1000_interrupt(const Trapframe& tf)
{
    e1000_acknowledge_interrupt();
    Env* first = nullptr;
    for (NetWaiter& w : waiters) {
        if (!still_waiting(w)) {
            w.env_id = 0;
        } else if (card_can(w.what)) {
            Env& e = envs[ENVX(w.env_id)];
            e.env_status = ENV_RUNNABLE;
            w.env_id = 0;
            if (first == nullptr)
                first = &e;
        }
    }
    unmask_what_waiters_want();
    if (first == nullptr)
        return;
    sched_kick_an_idle_cpu();
    // From user code (not a halted CPU, nor a FlexSC thread in the kernel).
    if ((tf.tf_cs & 3) == 3 && can_run_here(*first))
        sched_run(first);
}
