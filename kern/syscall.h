// System calls: one dispatcher for every way a call reaches the kernel (int
// $0x30, sysenter, and FlexSC entries), and the handlers it calls.
#pragma once

#include <kern/kernel.h>
#include <inc/env.h>
#include <inc/error.h>
#include <inc/syscall.h>

// Who is calling and how. Handlers act on behalf of caller and check every
// pointer against caller's address space.
struct SyscallContext {
    SyscallContext(Env& the_caller, SyscallPath the_path, int the_entry = -1)
        : caller(the_caller), path(the_path), entry(the_entry)
    {
    }

    Env& caller;
    SyscallPath path;
    int entry; // the FlexSC entry being served, or -1

    // Whether the call was posted on a FlexSC page and is served by a syscall
    // thread rather than by the caller's own trap. The one test for every place
    // where a handler's meaning changes under FlexSC (grep posted()): a bad
    // pointer is an error in the entry, not the caller's end; a receive marks
    // the entry blocked; a yield returns at once; a FlexSC call is refused.
    bool posted() const { return path == SyscallPath::flexsc; }

    // A posted call that must wait (ipc_recv) says so here instead of
    // returning: its entry stays blocked, and its result comes later.
    void mark_blocked() const { m_blocked = true; }
    bool blocked() const { return m_blocked; }

    // The serve pass reuses one context for every entry of its owner.
    void start_entry(int the_entry)
    {
        entry = the_entry;
        m_blocked = false;
    }

private:
    mutable bool m_blocked = false; // one mark per call (start_entry clears it)
};


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
Error sys_cputs(const SyscallContext& ctx, uintptr_t s, size_t len);
Result<int32_t> sys_cgetc();
Result<envid_t> sys_getenvid(const SyscallContext& ctx);
Error sys_env_destroy(const SyscallContext& ctx, envid_t envid);
Result<envid_t> sys_exofork(const SyscallContext& ctx);
Error sys_env_set_status(const SyscallContext& ctx, envid_t envid, uint32_t status);
Error sys_env_set_trapframe(const SyscallContext& ctx, envid_t envid, uintptr_t tf);
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
Error sys_kstats(const SyscallContext& ctx, uintptr_t dst);
Error sys_net_try_transmit(const SyscallContext& ctx, uintptr_t frame, size_t len);
Result<int32_t> sys_net_try_receive(const SyscallContext& ctx, uintptr_t buf, size_t buflen);

// Blocking in sys_ipc_recv and waking up (kern/ipc_wait.cpp). A trap caller
// blocks (no return); a posted call marks its entry blocked (mark_blocked)
// and returns.
Error ipc_receive_wait(const SyscallContext& ctx);
void ipc_receive_complete(Env* receiver);
// e's status was set from outside while it waited: its receive by trap or its
// flexsc_wait is over (each returns 0), so a later message or completion must
// not wake it again. A receive posted through FlexSC stays pending.
void env_waits_end(Env& e);

