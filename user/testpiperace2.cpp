// Another pipe race: the child dups the read end over and over while the
// parent checks whether the pipe looks closed.

#include <inc/lib.h>

void
umain(int, char**)
{
    cprintf("testing for pipeisclosed race...\n");
    int p[2];
    int r = pipe(p);
    if (r < 0)
        panic("pipe: %e", r);
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        close(p[1]);
        for (int i = 0; i < 200; i++) {
            if (i % 10 == 0)
                cprintf("%d.", i);
            dup(p[0], 10);
            sys_yield();
            close(10);
            sys_yield();
        }
        exit();
    }
    const volatile Env* kid = &envs[ENVX(child)];
    while (kid->env_status == ENV_RUNNABLE) {
        if (pipeisclosed(p[0]) != 0) {
            cprintf("\nRACE: pipe appears closed\n");
            sys_env_destroy(child);
            exit();
        }
    }
    cprintf("\nrace didn't happen\n");
}
