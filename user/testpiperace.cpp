// Races a pipe's close check against the scheduler: the parent must never
// think the pipe closed while the child still holds the write end.

#include <inc/lib.h>

void
umain(int, char**)
{
    cprintf("testing for dup race...\n");
    int p[2];
    int r = pipe(p);
    if (r < 0)
        panic("pipe: %e", r);
    int max = 200;
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        // Keep dup'ing and closing the write end; the parent keeps checking.
        close(p[1]);
        for (int i = 0; i < max; i++) {
            if (pipeisclosed(p[0])) {
                cprintf("RACE: pipe appears closed\n");
                exit();
            }
            sys_yield();
        }
        exit();
    }
    cprintf("pid is %d\n", child);
    const volatile Env* kid = &envs[ENVX(child)];
    cprintf("kid is %d\n", static_cast<int>(kid - envs));
    dup(p[0], 10);
    while (kid->env_status == ENV_RUNNABLE)
        dup(p[0], 10);
    cprintf("child done with loop\n");
    if (pipeisclosed(p[0]))
        panic("somebody closed p[0]");
    cprintf("race didn't happen\n");
}
