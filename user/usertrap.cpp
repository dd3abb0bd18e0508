// A child stops itself in each way a user program can, and the parent checks
// that only the child ended: "usertrap int3" (a breakpoint), "usertrap popf"
// (the trap flag set by popf), "usertrap settf" (the trap flag set by the
// parent through sys_env_set_trapframe), "usertrap panic" (a user panic,
// which ends in int3). Booted with +usertrap=destroy, each child is
// destroyed with a message; without it, the monitor runs (JOS).
// "usertrap int3kill" (without +usertrap=destroy, on 2 CPUs): the parent
// destroys the child while the monitor holds it stopped.

#include <inc/lib.h>

static void
breakpoint()
{
    asm volatile("int3");
}

// Sets the trap flag: the CPU raises a debug trap after the next instruction.
static void
trap_flag_by_popf()
{
    asm volatile("pushfl\n\t"
                 "orl %0, (%%esp)\n\t"
                 "popfl\n\t"
                 "nop"
                 :
                 : "i"(FL_TF)
                 : "cc", "memory");
}

// The parent sets the trap flag in the child's registers while the child
// waits in ipc_recv, then lets it run: it traps after one instruction.
static void
trap_flag_by_parent(envid_t child)
{
    while (!envs[ENVX(child)].env_ipc_recving || envs[ENVX(child)].env_status != ENV_NOT_RUNNABLE)
        sys_yield();
    Trapframe tf;
    memcpy(&tf, const_cast<const Trapframe*>(&envs[ENVX(child)].env_tf), sizeof(tf));
    tf.tf_eflags |= FL_TF;
    int r = sys_env_set_trapframe(child, &tf);
    if (r < 0)
        panic("sys_env_set_trapframe: %e", r);
    r = sys_env_set_status(child, ENV_RUNNABLE);
    if (r < 0)
        panic("sys_env_set_status: %e", r);
}

// The child is stopped in the monitor (its saved registers show the
// breakpoint): destroy it there.
static void
destroy_stopped_child(envid_t child)
{
    while (envs[ENVX(child)].env_tf.tf_trapno != T_BRKPT)
        sys_yield();
    int r = sys_env_destroy(child);
    cprintf("usertrap: parent destroyed child %08x stopped in the monitor (%d)\n", child, r);
}

static void
child_stops(const char* how)
{
    cprintf("usertrap: child %08x stops by %s\n", thisenv->env_id, how);
    if (strcmp(how, "int3") == 0 || strcmp(how, "int3kill") == 0)
        breakpoint();
    else if (strcmp(how, "popf") == 0)
        trap_flag_by_popf();
    else if (strcmp(how, "settf") == 0)
        sys_ipc_recv(reinterpret_cast<void*>(UTOP));
    else if (strcmp(how, "panic") == 0)
        panic("deliberate panic in the child");
    cprintf("usertrap: child %08x SURVIVED %s\n", thisenv->env_id, how);
}

void
umain(int argc, char** argv)
{
    const char* how = argc > 1 ? argv[1] : "int3";
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        child_stops(how);
        return;
    }
    if (strcmp(how, "settf") == 0)
        trap_flag_by_parent(child);
    if (strcmp(how, "int3kill") == 0)
        destroy_stopped_child(child);
    while (envs[ENVX(child)].env_id == child && envs[ENVX(child)].env_status != ENV_FREE)
        sys_yield();
    cprintf("usertrap: child %08x is gone; parent %08x still runs\n", child, thisenv->env_id);
}
