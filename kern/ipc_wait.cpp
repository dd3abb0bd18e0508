// How a receiver waits for, and learns of, a message: the trap paths block the
// whole environment. (FlexSC, whose receive blocks only its entry, hooks in here.)

#include <kern/env.h>
#include <kern/sched.h>
#include <kern/syscall.h>

Error
ipc_receive_wait(const SyscallContext& ctx)
{
    Env& e = ctx.caller;
    e.env_status = ENV_NOT_RUNNABLE;
    e.env_tf.tf_regs.reg_eax = 0; // what sys_ipc_recv returns once a message came
    sched_yield();
}

void
ipc_receive_complete(Env* receiver)
{
    receiver->env_status = ENV_RUNNABLE;
}
