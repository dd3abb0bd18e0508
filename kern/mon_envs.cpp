// The monitor's ps command: every environment that is not free.

#include <kern/env.h>
#include <kern/monitor.h>
#include <inc/stdio.h>

static const char*
status_name(EnvStatus s)
{
    switch (s) {
    case ENV_FREE:
        return "free";
    case ENV_DYING:
        return "dying";
    case ENV_RUNNABLE:
        return "runnable";
    case ENV_RUNNING:
        return "running";
    case ENV_NOT_RUNNABLE:
        return "not-runnable";
    }
    return "?";
}

static const char*
type_name(EnvType t)
{
    switch (t) {
    case ENV_TYPE_USER:
        return "user";
    case ENV_TYPE_FS:
        return "fs";
    case ENV_TYPE_NS:
        return "ns";
    case ENV_TYPE_FLEXSC:
        return "flexsc-thread";
    }
    return "?";
}

int
mon_ps(int, char**, Trapframe*)
{
    cprintf("env       parent    type           status        cpu  runs\n");
    for (int i = 0; i < NENV; i++) {
        const Env& e = envs[i];
        if (e.env_status == ENV_FREE)
            continue;
        cprintf("%08x  %08x  %-13s  %-12s  %3d  %u\n", e.env_id, e.env_parent_id,
                type_name(e.env_type), status_name(e.env_status),
                e.env_status == ENV_RUNNING ? e.env_cpunum : -1, e.env_runs);
    }
    return 0;
}
