// One rule for bad pointers, on both paths (kern/user_ptr.h): each system call
// that reads or writes user memory gets the same bad pointer by int $0x30, by
// sysenter and posted on a FlexSC page. By trap the caller is destroyed with
// the kernel's "user_mem_check assertion failure" message, so each trap call
// is made by a child of its own; posted, the entry gets -E_FAULT and the
// caller goes on. The bad addresses expected are in grade/test_flexsc.py.

#include <inc/lib.h>

struct BadCall {
    Syscall number;
    uint32_t args[2];
};

// The ways a pointer is bad: a range running off the stack's top page into
// the unmapped gap above it, a write to a read-only page (UENVS, UPAGES),
// kernel memory, an unmapped page.
static const BadCall BAD_CALLS[] = {
    {Syscall::cputs, {USTACKTOP - 8, 16}},       {Syscall::kstats, {UENVS, 0}},
    {Syscall::env_set_trapframe, {0, KERNBASE}}, {Syscall::net_try_transmit, {0x1000, 60}},
    {Syscall::net_try_receive, {UPAGES, 100}},
};

static const char*
name(const BadCall& call)
{
    return syscall_name(static_cast<uint32_t>(call.number));
}

// Makes the call by trap in a child, which should not live to print its result.
static void
call_by_trap(const BadCall& call, SyscallPath path)
{
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        cprintf("flexscfault: by %s: [%08x] %s(%08x, %x)\n",
                syscall_path_name(static_cast<uint32_t>(path)), thisenv->env_id, name(call),
                call.args[0], call.args[1]);
        int32_t r = syscall_via(path, static_cast<uint32_t>(call.number), call.args[0],
                                call.args[1], 0, 0, 0);
        cprintf("flexscfault: SHOULD NOT survive a bad pointer by trap (%s returned %e)\n",
                name(call), r);
        exit();
    }
    while (envs[ENVX(child)].env_id == child && envs[ENVX(child)].env_status != ENV_FREE)
        sys_yield();
}

void
umain(int, char**)
{
    for (const BadCall& call : BAD_CALLS) {
        call_by_trap(call, SyscallPath::int30);
        call_by_trap(call, SyscallPath::sysenter);
    }
    int r = flexsc_register();
    if (r < 0)
        panic("flexsc_register: %e", r);
    for (const BadCall& call : BAD_CALLS) {
        int entry = flexsc_post(call.number, call.args[0], call.args[1]);
        int32_t result = flexsc_reap(entry);
        cprintf("flexscfault: posted: [%08x] %s(%08x, %x) = %d (%e)\n", thisenv->env_id, name(call),
                call.args[0], call.args[1], result, result);
    }
    cprintf("flexscfault: done\n");
}
