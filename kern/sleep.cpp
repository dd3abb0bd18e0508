// Sleeping until a time. A sleeper is recorded by id and by how many times it
// had run when it went to sleep, as kern/e1000_wait.cpp records its waiters: if
// either changed (it was destroyed, or something else woke it, e.g.
// sys_env_set_status from its parent), the record is stale and dropped, so the
// clock never wakes an environment that is waiting for something else.

#include <kern/env.h>
#include <kern/sched.h>
#include <kern/sleep.h>
#include <kern/time.h>

struct Sleeper {
    envid_t env_id; // 0: nobody
    uint32_t runs;  // the env's env_runs when it went to sleep
    uint32_t until; // time_msec() to wake at
};

// One slot per environment slot (ENVX). Protected by: kernel_lock.
static Sleeper sleepers[NENV];
// How many slots hold a record, stale or not: the tick looks only if some do.
static uint32_t sleeper_records;

// Whether w's environment is still blocked in the sleep that made w.
static bool
still_asleep(const Sleeper& w)
{
    return w.env_id != 0 && env_still_blocked(w.env_id, w.runs);
}

// Whether now is at or past until, on a clock that wraps every 49 days.
static bool
reached(uint32_t now, uint32_t until)
{
    return static_cast<int32_t>(now - until) >= 0;
}

static void
forget(Sleeper& w)
{
    w.env_id = 0;
    sleeper_records--;
}

Error
sleep_until(const SyscallContext& ctx, uint32_t msec)
{
    if (reached(time_msec(), msec))
        return Error::ok;
    Env& e = ctx.caller;
    Sleeper& w = sleepers[ENVX(e.env_id)];
    if (w.env_id == 0)
        sleeper_records++;
    w = Sleeper{e.env_id, e.env_runs, msec};
    e.env_status = ENV_NOT_RUNNABLE;
    e.env_tf.tf_regs.reg_eax = 0; // what sys_sleep_until returns once woken
    sched_yield();
}

void
sleep_wake_due(uint32_t now_msec)
{
    if (sleeper_records == 0)
        return;
    bool woke = false;
    for (Sleeper& w : sleepers) {
        if (w.env_id == 0)
            continue;
        if (!still_asleep(w)) {
            forget(w);
        } else if (reached(now_msec, w.until)) {
            envs[ENVX(w.env_id)].env_status = ENV_RUNNABLE;
            forget(w);
            woke = true;
        }
    }
    // This CPU schedules after its tick anyway; a halted one may be where the
    // sleeper is pinned.
    if (woke)
        sched_kick_an_idle_cpu();
}

bool
sleep_has_sleepers()
{
    for (const Sleeper& w : sleepers)
        if (still_asleep(w))
            return true;
    return false;
}
