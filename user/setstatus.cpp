// sys_env_set_status against environments that are waiting or dying.
//  1. A child waits in flexsc_wait (its only entry is a blocked receive); its
//     parent restarts it, and it stops itself. The message that then completes
//     the receive must not wake it: its wait is long over.
//  2. (2+ CPUs) A child runs on another CPU; its parent destroys it and at
//     once tries to make it runnable. The destroy must win.

#include <inc/lib.h>

static const volatile Env&
env_of(envid_t id)
{
    return envs[ENVX(id)];
}

// Yields until id's status is `status` (for at most 10 s: the sanitized
// build on a loaded host is slow); whether it got there.
static bool
yield_until_status(envid_t id, EnvStatus status)
{
    for (uint32_t start = sys_time_msec(); sys_time_msec() - start < 10000;) {
        if (env_of(id).env_status == status)
            return true;
        sys_yield();
    }
    return false;
}

static void
waiting_child()
{
    if (int r = flexsc_register(); r < 0)
        panic("flexsc_register: %e", r);
    int entry = flexsc_post(Syscall::ipc_recv, UTOP);
    flexsc_wait();
    cprintf("setstatus: child: flexsc_wait ended by the parent\n");
    int r = sys_env_set_status(0, ENV_NOT_RUNNABLE);
    cprintf("setstatus: child: restarted, set_status returned %d\n", r);
    cprintf("setstatus: child: the receive returned %d\n", flexsc_reap(entry));
}

static void
completion_after_the_wait_ended()
{
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        waiting_child();
        exit();
    }
    if (!yield_until_status(child, ENV_NOT_RUNNABLE))
        panic("the child never waited");
    sys_env_set_status(child, ENV_RUNNABLE);
    if (!yield_until_status(child, ENV_NOT_RUNNABLE))
        panic("the child never stopped itself");
    ipc_send(child, 42, nullptr, 0);
    for (int i = 0; i < 20; i++)
        sys_yield();
    cprintf("setstatus: after the message the child is %s\n",
            env_of(child).env_status == ENV_NOT_RUNNABLE ? "still stopped" : "running again");
    sys_env_set_status(child, ENV_RUNNABLE);
    wait(child);
}

static void
revive_after_destroy()
{
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        for (;;)
            continue;
    }
    // Spin (no yield) until the child runs on the other CPU.
    for (uint32_t start = sys_time_msec(); env_of(child).env_status != ENV_RUNNING;) {
        if (sys_time_msec() - start > 5000)
            panic("the child never ran on another CPU");
    }
    sys_env_destroy(child);
    int r = sys_env_set_status(child, ENV_RUNNABLE);
    cprintf("setstatus: set_status of a child being destroyed: %e\n", r);
    uint32_t start = sys_time_msec();
    while (env_of(child).env_id == child && env_of(child).env_status != ENV_FREE &&
           sys_time_msec() - start < 2000)
        sys_yield();
    bool freed = env_of(child).env_id != child || env_of(child).env_status == ENV_FREE;
    cprintf("setstatus: the destroyed child %s\n", freed ? "was freed" : "survived");
    if (!freed)
        sys_env_destroy(child);
}

void
umain(int, char**)
{
    completion_after_the_wait_ended();
    revive_after_destroy();
}
