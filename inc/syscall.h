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
    flexsc_register,  // FlexSC (inc/flexsc.h): map a syscall page, start the syscall thread
    flexsc_wait,      // FlexSC: wait until some posted entry completes
    kstats,           // copy the kernel statistics counters (inc/kstats.h) to user memory
    net_try_transmit, // hand one Ethernet frame to the network card (inc/net.h)
    net_try_receive,  // take one received Ethernet frame from the card
    net_wait,         // block until the card has a frame or transmit room (its interrupt)
    sleep_until,      // block until the clock (time_msec) reaches a time
    count
};
static_assert(static_cast<uint32_t>(Syscall::ipc_recv) == 13);
static_assert(static_cast<uint32_t>(Syscall::time_msec) == 14);
static_assert(static_cast<uint32_t>(Syscall::flexsc_register) == 15);

// The most bytes one sys_cputs prints: the console is written with the kernel
// lock held, so one call must not keep every other CPU waiting for long.
// A longer string is refused (-E_INVAL), not cut short.
constexpr size_t CPUTS_MAX = 4096;

// How a system call reached the kernel (counted in kstats).
enum class SyscallPath : uint32_t { int30 = 0, sysenter = 1, flexsc = 2, count };

// Names for statistics (the monitor's and the user program's kstats).
inline const char*
syscall_name(uint32_t number)
{
    static constexpr const char* names[] = {
        "cputs",
        "cgetc",
        "getenvid",
        "env_destroy",
        "page_alloc",
        "page_map",
        "page_unmap",
        "exofork",
        "env_set_status",
        "env_set_trapframe",
        "env_set_pgfault_upcall",
        "yield",
        "ipc_try_send",
        "ipc_recv",
        "time_msec",
        "flexsc_register",
        "flexsc_wait",
        "kstats",
        "net_try_transmit",
        "net_try_receive",
        "net_wait",
        "sleep_until",
    };
    static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(Syscall::count));
    return number < static_cast<uint32_t>(Syscall::count) ? names[number] : "(invalid)";
}

inline const char*
syscall_path_name(uint32_t path)
{
    static constexpr const char* names[] = {"int $0x30", "sysenter", "flexsc"};
    static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(SyscallPath::count));
    return path < static_cast<uint32_t>(SyscallPath::count) ? names[path] : "(invalid)";
}
