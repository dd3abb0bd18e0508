// pingpong over shared memory: after sfork, parent and child see the same
// variables (but each its own thisenv); the message only says "look now".

#include <inc/lib.h>

static volatile uint32_t val;

void
umain(int, char**)
{
    envid_t who;
    if ((who = sfork()) != 0) {
        cprintf("i am %08x; thisenv is %p\n", sys_getenvid(), thisenv);
        cprintf("send 0 from %x to %x\n", sys_getenvid(), who);
        ipc_send(who, 0, nullptr, 0);
    }
    for (;;) {
        ipc_recv(&who, nullptr, nullptr);
        cprintf("%x got %d from %x (thisenv is %p %x)\n", sys_getenvid(), val, who, thisenv,
                thisenv->env_id);
        if (val == 10)
            return;
        val = val + 1;
        ipc_send(who, 0, nullptr, 0);
        if (val == 10)
            return;
    }
}
