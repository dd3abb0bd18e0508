// Twenty children yield and count at the same time on every CPU. Each counts
// in its own memory; if the scheduler ever ran one environment on two CPUs
// at once, its count would come out wrong.

#include <inc/lib.h>

static constexpr int CHILDREN = 20;
static constexpr uint32_t MIN_MS = 200;
static volatile int counter;

void
umain(int, char**)
{
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
    int rounds = 0;
    for (; rounds < 10 || sys_time_msec() - start < MIN_MS; rounds++) {
        sys_yield();
        for (int j = 0; j < 10000; j++)
            counter = counter + 1;
    }
    if (counter != rounds * 10000)
        panic("ran on two CPUs at once (counter is %d)", counter);

    cprintf("[%08x] stresssched on CPU %d\n", thisenv->env_id, thisenv->env_cpunum);
}
