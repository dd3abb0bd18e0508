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
    Env& caller;
    SyscallPath path;
};

// Runs system call `number` with args[0..4]; returns its result (>= 0) or a
// negative Error. Unknown numbers return -E_INVAL.
int32_t syscall_dispatch(const SyscallContext& ctx, uint32_t number, const uint32_t args[5]);

// Handlers by family (kern/sys_*.cpp). Each comment lists its errors.
Error sys_cputs(const SyscallContext& ctx, uintptr_t s, size_t len);
int32_t sys_cgetc();
envid_t sys_getenvid(const SyscallContext& ctx);
Error sys_env_destroy(const SyscallContext& ctx, envid_t envid);
