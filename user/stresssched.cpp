// Twenty children yield and count at the same time on every CPU. Each counts
// in its own memory; if the scheduler ever ran one environment on two CPUs
// at once, its count would come out wrong.
//
// `stresssched N` (the grade test, on N CPUs) also keeps the children going
// until they have seen one of them running on each of CPUs 0..N-1, up to
// WAIT_FOR_CPUS_MS: on a host so loaded that an emulated CPU's thread waits
// a long time for a core, a fixed time was sometimes over before that CPU ran
// a child (no "stresssched on CPU 3" line).

#include <inc/lib.h>

static constexpr int CHILDREN = 20;
static constexpr uint32_t MIN_MS = 200;
static constexpr uint32_t WAIT_FOR_CPUS_MS = 5000;

static volatile int counter;

// The CPUs (a bit each) on which a child of parent is running now.
static uint32_t
cpus_running_children(envid_t parent)
{
    uint32_t cpus = 0;
    for (int i = 0; i < NENV; i++) {
        const volatile Env& e = envs[i];
        if (e.env_parent_id == parent && e.env_status == ENV_RUNNING && e.env_cpunum >= 0 &&
            e.env_cpunum < 32)
            cpus |= 1u << e.env_cpunum;
    }
    return cpus;
}

void
umain(int argc, char** argv)
{
    int want_cpus = argc > 1 ? atoi(argv[1]) : 0;
    uint32_t want = want_cpus > 0 && want_cpus < 32 ? (1u << want_cpus) - 1 : 0;
    envid_t parent = sys_getenvid();
    int i;
    for (i = 0; i < CHILDREN; i++) {
        if (fork() == 0)
            break;
    }
    if (i == CHILDREN) {
        sys_yield(); // the parent is done: its exit starts the children
        return;
    }

    // Start together: wait until the parent is gone. Yielding, not spinning
    // (JOS's pause): on one CPU each child spun a whole time slice, twenty
    // slices before the parent could finish.
    while (envs[ENVX(parent)].env_status != ENV_FREE)
        sys_yield();

    // At least 10 rounds, and for at least MIN_MS: on a loaded host one
    // emulated CPU's thread can wait tens of milliseconds for a core, and the
    // others would have finished every child before it took one.
    uint32_t start = sys_time_msec();
    uint32_t seen = 0;
    int rounds = 0;
    for (; rounds < 10 || sys_time_msec() - start < MIN_MS ||
           ((seen & want) != want && sys_time_msec() - start < WAIT_FOR_CPUS_MS);
         rounds++) {
        sys_yield();
        for (int j = 0; j < 10000; j++)
            counter = counter + 1;
        seen |= cpus_running_children(parent);
    }
    if (counter != rounds * 10000)
        panic("ran on two CPUs at once (counter is %d)", counter);

    cprintf("[%08x] stresssched on CPU %d\n", thisenv->env_id, thisenv->env_cpunum);
}
