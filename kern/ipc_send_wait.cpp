// Parking senders whose receiver is busy (kern/ipc_send_wait.h). Records are
// kept by sender slot, with the sender's id and run count, as kern/sleep.cpp
// keeps sleepers: if either changed (destroyed, or woken by something else,
// e.g. sys_env_set_status), the record is stale and dropped.

#include <kern/env.h>
#include <kern/ipc_send_wait.h>
#include <kern/sched.h>

struct FailedSend {
    envid_t sender; // 0: nobody
    envid_t target;
    uint32_t runs; // the sender's env_runs at the failed send
    bool listed;   // its slot is in parked[] (at most once, so parked[] cannot overflow)
};

// Protected by: kernel_lock (all of this file's state).
static FailedSend failed_sends[NENV];
// The slots of the parked senders, in no order.
static uint16_t parked[NENV];
static uint32_t parked_count;

void
ipc_send_failed(const Env& sender, envid_t target)
{
    FailedSend& f = failed_sends[ENVX(sender.env_id)];
    f.sender = sender.env_id;
    f.target = target;
    f.runs = sender.env_runs;
}

// Whether the environment with id `id` is there and waiting in sys_ipc_recv.
static bool
gone_or_receiving(envid_t id)
{
    const Env& e = envs[ENVX(id)];
    return e.env_id != id || e.env_status == ENV_FREE || e.env_ipc_recving;
}

bool
ipc_send_park(Env& sender)
{
    FailedSend& f = failed_sends[ENVX(sender.env_id)];
    bool park =
        f.sender == sender.env_id && f.runs == sender.env_runs && !gone_or_receiving(f.target);
    if (!park) {
        f.sender = 0;
        return false;
    }
    sender.env_status = ENV_NOT_RUNNABLE;
    if (!f.listed) {
        parked[parked_count++] = static_cast<uint16_t>(ENVX(sender.env_id));
        f.listed = true;
    }
    return true;
}

// Makes the sender of parked[i] runnable if it is still parked, and drops the record.
static void
wake_parked(uint32_t i)
{
    FailedSend& f = failed_sends[parked[i]];
    if (env_still_blocked(f.sender, f.runs)) {
        envs[ENVX(f.sender)].env_status = ENV_RUNNABLE;
        sched_kick_an_idle_cpu();
    }
    f.sender = 0;
    f.listed = false;
    parked[i] = parked[--parked_count];
}

void
ipc_send_wake_senders_of(envid_t receiver)
{
    for (uint32_t i = 0; i < parked_count;) {
        if (failed_sends[parked[i]].target == receiver)
            wake_parked(i); // (parked[i] is now another record: look at it again)
        else
            i++;
    }
}

void
ipc_send_wake_all()
{
    while (parked_count > 0)
        wake_parked(parked_count - 1);
}

bool
ipc_send_has_parked()
{
    return parked_count > 0;
}
