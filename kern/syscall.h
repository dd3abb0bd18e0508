// System calls: one dispatcher for every way a call reaches the kernel (int
// $0x30, sysenter, and FlexSC entries), and the handlers it calls.
#pragma once

#include <kern/kernel.h>
#include <kern/syscall_context.h>
#include <kern/user_ptr.h>
#include <inc/env.h>
#include <inc/error.h>
#include <inc/syscall.h>

struct KStats;

// Runs system call `number` with args[0..4]; returns its result (>= 0) or a
// negative Error. Unknown numbers return -E_INVAL.
int32_t syscall_dispatch(const SyscallContext& ctx, uint32_t number, const uint32_t args[5]);
// The same without counting the call in kstats: for a caller that counts a
// whole batch at once (the FlexSC serve pass).
int32_t syscall_run(const SyscallContext& ctx, uint32_t number, const uint32_t args[5]);

// A call made by trap or sysenter: the number in %eax, the arguments in %edx,
// %ecx, %ebx, %edi, %esi (the library's stubs, lib/syscall.cpp), the result
// back in %eax.
void syscall_from_registers(const SyscallContext& ctx, PushRegs& regs);

// Page permissions a caller may ask for (page_alloc, page_map, ipc_try_send):
// present and user, nothing outside PTE_SYSCALL.
inline bool
perm_ok(uint32_t perm)
{
    return (perm & (PTE_U | PTE_P)) == (PTE_U | PTE_P) && (perm & ~PTE_SYSCALL) == 0;
}

// Handlers by family (kern/sys_*.cpp). Each comment lists its errors.
Error sys_cputs(const SyscallContext& ctx, UserPtr<const char> s, size_t len);
Result<int32_t> sys_cgetc();
Result<envid_t> sys_getenvid(const SyscallContext& ctx);
Error sys_env_destroy(const SyscallContext& ctx, envid_t envid);
Result<envid_t> sys_exofork(const SyscallContext& ctx);
Error sys_env_set_status(const SyscallContext& ctx, envid_t envid, uint32_t status);
Error sys_env_set_trapframe(const SyscallContext& ctx, envid_t envid, UserPtr<const Trapframe> tf);
Error sys_env_set_pgfault_upcall(const SyscallContext& ctx, envid_t envid, uintptr_t func);
Error sys_yield(const SyscallContext& ctx);
Error sys_page_alloc(const SyscallContext& ctx, envid_t envid, uintptr_t va, uint32_t perm);
Error sys_page_map(const SyscallContext& ctx, envid_t srcenvid, uintptr_t srcva, envid_t dstenvid,
                   uintptr_t dstva, uint32_t perm);
Error sys_page_unmap(const SyscallContext& ctx, envid_t envid, uintptr_t va);
Error sys_ipc_try_send(const SyscallContext& ctx, envid_t envid, uint32_t value, uintptr_t srcva,
                       uint32_t perm);
Error sys_ipc_recv(const SyscallContext& ctx, uintptr_t dstva);
Result<int32_t> sys_time_msec();
Error sys_flexsc_register(const SyscallContext& ctx, uintptr_t va, uint32_t flags, uint32_t cpu);
Result<int32_t> sys_flexsc_wait(const SyscallContext& ctx, uint32_t flags);
Error sys_kstats(const SyscallContext& ctx, UserPtr<KStats> dst);
Error sys_net_try_transmit(const SyscallContext& ctx, UserPtr<const uint8_t> frame, size_t len);
Result<int32_t> sys_net_try_receive(const SyscallContext& ctx, UserPtr<uint8_t> buf, size_t buflen);
Error sys_net_wait(const SyscallContext& ctx, uint32_t what);
Error sys_sleep_until(const SyscallContext& ctx, uint32_t msec);

// Blocking in sys_ipc_recv and waking up (kern/ipc_wait.cpp). A trap caller
// blocks (no return); a posted call marks its entry blocked (mark_blocked)
// and returns.
Error ipc_receive_wait(const SyscallContext& ctx);
void ipc_receive_complete(Env* receiver);
// e's status was set from outside while it waited: its receive by trap or its
// flexsc_wait is over (each returns 0), so a later message or completion must
// not wake it again. A receive posted through FlexSC stays pending.
void env_waits_end(Env& e);
