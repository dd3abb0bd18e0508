// System call numbers: the one list, shared by the kernel's dispatcher and the
// library OS's stubs. JOS's numbers, so course material carries over.
#pragma once

#include <inc/types.h>

enum class Syscall : uint32_t {
    cputs = 0,
    cgetc,
    getenvid,
    env_destroy,
    page_alloc,
    page_map,
    page_unmap,
    exofork,
    env_set_status,
    env_set_trapframe,
    env_set_pgfault_upcall,
    yield,
    ipc_try_send,
    ipc_recv,
    time_msec,
    flexsc_register, // FlexSC (inc/flexsc.h): map a syscall page, start the syscall thread
    flexsc_wait,     // FlexSC: wait until some posted entry completes
    kstats,          // copy the kernel statistics counters (inc/kstats.h) to user memory
    count
};
static_assert(static_cast<uint32_t>(Syscall::ipc_recv) == 13);
static_assert(static_cast<uint32_t>(Syscall::time_msec) == 14);
static_assert(static_cast<uint32_t>(Syscall::flexsc_register) == 15);

// How a system call reached the kernel (counted in kstats).
enum class SyscallPath : uint32_t { int30 = 0, sysenter = 1, flexsc = 2, count };
