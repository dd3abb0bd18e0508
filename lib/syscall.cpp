// System call stubs. The number goes in eax and up to five arguments in edx,
// ecx, ebx, edi, esi; the result comes back in eax (JOS's convention), by
// either path:
//  - int $0x30: a trap through the IDT; every register but eax is preserved.
//  - sysenter: the fast path. sysenter does not save a return address or the
//    stack pointer, so the stub pushes the return address and passes esp in
//    ebp; the kernel returns with sysexit, which uses edx and ecx for them.

#include <inc/lib.h>
#include <inc/trap.h>

static int32_t
syscall_int(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
    int32_t ret;
    asm volatile("int %1"
                 : "=a"(ret)
                 : "i"(T_SYSCALL), "a"(num), "d"(a1), "c"(a2), "b"(a3), "D"(a4), "S"(a5)
                 : "cc", "memory");
    return ret;
}

static int32_t
syscall_sysenter(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
    int32_t ret;
    // ebp is the frame pointer, so it cannot be an operand: save it by hand.
    asm volatile("pushl %%ebp\n\t"
                 "pushl $1f\n\t"
                 "movl %%esp, %%ebp\n\t"
                 "sysenter\n"
                 "1:\tpopl %%ebp"
                 : "=a"(ret), "+d"(a1), "+c"(a2)
                 : "a"(num), "b"(a3), "D"(a4), "S"(a5)
                 : "cc", "memory");
    return ret;
}

int32_t
syscall_via(SyscallPath path, uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
            uint32_t a5)
{
    if (path == SyscallPath::sysenter)
        return syscall_sysenter(num, a1, a2, a3, a4, a5);
    return syscall_int(num, a1, a2, a3, a4, a5);
}

// Every stub goes through here: by trap, or in transparent FlexSC mode through
// the syscall page (lib/flexsc_route.cpp). sys_yield always traps: giving up
// the CPU is what it is for.
static int32_t
syscall(Syscall num, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0, uint32_t a4 = 0,
        uint32_t a5 = 0)
{
    if (flexsc_routing() && num != Syscall::yield)
        return flexsc_route(num, a1, a2, a3, a4, a5);
    return syscall_via(syscall_default_path, static_cast<uint32_t>(num), a1, a2, a3, a4, a5);
}

void
sys_cputs(const char* s, size_t len)
{
    syscall(Syscall::cputs, reinterpret_cast<uint32_t>(s), len);
}

int
sys_cgetc()
{
    return syscall(Syscall::cgetc);
}

envid_t
sys_getenvid()
{
    return syscall(Syscall::getenvid);
}

int
sys_env_destroy(envid_t envid)
{
    return syscall(Syscall::env_destroy, static_cast<uint32_t>(envid));
}

void
sys_yield()
{
    syscall(Syscall::yield);
}

int
sys_page_alloc(envid_t envid, void* va, int perm)
{
    return syscall(Syscall::page_alloc, envid, reinterpret_cast<uint32_t>(va), perm);
}

int
sys_page_map(envid_t srcenv, void* srcva, envid_t dstenv, void* dstva, int perm)
{
    return syscall(Syscall::page_map, srcenv, reinterpret_cast<uint32_t>(srcva), dstenv,
                   reinterpret_cast<uint32_t>(dstva), perm);
}

int
sys_page_unmap(envid_t envid, void* va)
{
    return syscall(Syscall::page_unmap, envid, reinterpret_cast<uint32_t>(va));
}

int
sys_env_set_status(envid_t envid, int status)
{
    return syscall(Syscall::env_set_status, envid, status);
}

int
sys_env_set_trapframe(envid_t envid, const Trapframe* tf)
{
    return syscall(Syscall::env_set_trapframe, envid, reinterpret_cast<uint32_t>(tf));
}

int
sys_env_set_pgfault_upcall(envid_t envid, void (*upcall)())
{
    return syscall(Syscall::env_set_pgfault_upcall, envid, reinterpret_cast<uint32_t>(upcall));
}

int
sys_ipc_try_send(envid_t to_env, uint32_t value, void* srcva, int perm)
{
    return syscall(Syscall::ipc_try_send, to_env, value, reinterpret_cast<uint32_t>(srcva), perm);
}

int
sys_ipc_recv(void* dstva)
{
    return syscall(Syscall::ipc_recv, reinterpret_cast<uint32_t>(dstva));
}

uint32_t
sys_time_msec()
{
    return static_cast<uint32_t>(syscall(Syscall::time_msec));
}

int
sys_kstats(KStats* out)
{
    return syscall_via(syscall_default_path, static_cast<uint32_t>(Syscall::kstats),
                       reinterpret_cast<uint32_t>(out), 0, 0, 0, 0);
}

int
sys_net_try_transmit(const void* frame, size_t len)
{
    return syscall(Syscall::net_try_transmit, reinterpret_cast<uint32_t>(frame), len);
}

int
sys_net_try_receive(void* buf, size_t buflen)
{
    return syscall(Syscall::net_try_receive, reinterpret_cast<uint32_t>(buf), buflen);
}

int
sys_sleep_until(uint32_t msec)
{
    // Always a trap, as sys_yield: a posted sleep could not block the environment.
    return syscall_via(syscall_default_path, static_cast<uint32_t>(Syscall::sleep_until), msec, 0,
                       0, 0, 0);
}

int
sys_net_wait(uint32_t what)
{
    // Always a trap, as sys_yield: a posted wait could not block the environment.
    return syscall_via(syscall_default_path, static_cast<uint32_t>(Syscall::net_wait), what, 0, 0,
                       0, 0);
}
