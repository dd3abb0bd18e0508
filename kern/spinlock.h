// Spinlocks, and the kernel's lock discipline.
//
// FlexJOS uses one big kernel lock (kernel_lock): a CPU holds it whenever it
// runs kernel code on behalf of an environment or touches shared kernel state
// (envs, the page allocator, page tables, the scheduler, console input).
//  - Taken: in trap() and sysenter_trap() on every entry from user mode (and
//    from the idle loop), and by each CPU before it first schedules
//    (i386_init, mp_main).
//  - Released: in env_run() just before returning to user mode, and in
//    sched_halt() before the CPU idles.
//  - A polling FlexSC thread (kern/flexsc_poll.cpp) drops it while it watches
//    its syscall page and takes it again to serve what it finds; unlocked it
//    touches only memory the owner's death cannot free.
//  - Spinning for it, a CPU honours TLB shootdown requests
//    (kern/tlb_shootdown.h): the holder may be waiting for exactly that.
// Every other lock nests inside it: the console lock (kern/console_lock.h). Never hold a lock
// across env_run() or sched_yield(): they do not return.
#pragma once

#include <inc/assert.h>
#include <kern/cpu.h> // ncpu, for the handout's stub of lock_kernel
#include <kern/kernel.h>
#include <inc/types.h>

struct CpuInfo;

class Spinlock {
public:
    constexpr explicit Spinlock(const char* name) : m_name(name) {}
    Spinlock(const Spinlock&) = delete;
    Spinlock& operator=(const Spinlock&) = delete;

    // Spins until the lock is free, then takes it. Panics if this CPU holds it already.
    void acquire();
    // Releases the lock. Panics if this CPU does not hold it.
    void release();
    // Whether this CPU holds the lock.
    bool holding() const;
    // Whether some CPU holds it now (which may change at once).
    bool looks_taken() const { return m_locked != 0; }

private:
    volatile uint32_t m_locked = 0;
    // For debugging: who holds it and where it was taken.
    const char* m_name;
    CpuInfo* m_cpu = nullptr;
    // Four callers name the entry path that took it (trap, sysenter, a
    // syscall thread...); more would cost every system call a longer walk.
    static constexpr int PCS = 4;
    uintptr_t m_pcs[PCS] = {};
};

extern Spinlock kernel_lock;

inline void
lock_kernel()
{
    // LAB 4: BEGIN SOLUTION
    // HINT: take kernel_lock: every entry from user mode (trap, sysenter) and every CPU
    //       starting up calls this. With one CPU a handout may run without it. Exercise 5,
    //       doc/labs/lab4.md.
    kernel_lock.acquire();
    // LAB 4: STUB
    // if (ncpu > 1)
    //     NOT_IMPLEMENTED(4);
    // LAB 4: END SOLUTION
}

// No pause after the release: every caller leaves the kernel (to user space
// or to hlt) or spins with pauses of its own, so a waiting CPU gets its turn;
// and under QEMU a pause ends the emulator's translated-code loop, which made
// every system call return noticeably slower (inc/hot_path.h).
inline void
unlock_kernel()
{
    // LAB 4: BEGIN SOLUTION
    // HINT: release kernel_lock: called just before leaving the kernel (env_run, sched_halt).
    //       Exercise 5, doc/labs/lab4.md.
    kernel_lock.release();
    // LAB 4: STUB
    // if (ncpu > 1)
    //     NOT_IMPLEMENTED(4);
    // LAB 4: END SOLUTION
}
