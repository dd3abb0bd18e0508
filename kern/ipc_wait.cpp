// How a receiver waits for, and learns of, a message. A receive made by a trap
// blocks the whole environment; one posted through FlexSC blocks only its entry.

#include <kern/env.h>
#include <kern/flexsc.h>
#include <kern/ipc_send_wait.h>
#include <kern/sched.h>
#include <kern/syscall.h>
#include <inc/assert.h>

Error
ipc_receive_wait(const SyscallContext& ctx)
{
    assert(!ctx.posted()); // sys_ipc_recv hands posted receives to flexsc_post_ipc_recv
    Env& e = ctx.caller;
    e.env_status = ENV_NOT_RUNNABLE;
    e.env_tf.tf_regs.reg_eax = 0; // what sys_ipc_recv returns once a message came
    ipc_send_wake_senders_of(e.env_id);
    // A sender may be idling in sys_yield on another CPU until it can send.
    sched_kick_an_idle_cpu();
    sched_yield();
}

void
env_waits_end(Env& e)
{
    flexsc_owner_stops_waiting(e);
    if (!flexsc_receive_pending(e))
        e.env_ipc_recving = false;
}

void
ipc_receive_complete(Env* receiver)
{
    if (flexsc_complete_ipc_recv(receiver))
        return;
    receiver->env_status = ENV_RUNNABLE;
    sched_kick_an_idle_cpu();
}
