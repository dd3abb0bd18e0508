// Spinlocks with holder tracking: a recursive acquire or a release by a CPU
// that does not hold the lock is a kernel bug, reported with where the lock
// was taken.

#include <kern/cpu.h>
#include <kern/kdebug.h>
#include <kern/spinlock.h>
#include <kern/stack_walk.h>
#include <kern/tlb_shootdown.h>
#include <inc/assert.h>
#include <inc/stdio.h>
#include <inc/x86.h>

constinit Spinlock kernel_lock("kernel_lock");

static uint32_t
xchg(volatile uint32_t* addr, uint32_t value)
{
    // xchg with memory is atomic (the CPU locks the bus) and a full barrier.
    asm volatile("lock; xchgl %0, %1" : "+m"(*addr), "+r"(value) : : "cc", "memory");
    return value;
}

// Records the return addresses of the current call chain in pcs.
KERNEL_HOT static void
record_pcs(uintptr_t* pcs, int n)
{
    FrameWalk walk(read_ebp());
    int i = 0;
    while (i < n && walk.next_return_address(pcs[i]))
        i++;
    for (; i < n; i++)
        pcs[i] = 0;
}

static void
print_pcs(const uintptr_t* pcs, int n)
{
    for (int i = 0; i < n && pcs[i] != 0; i++) {
        EipDebugInfo info;
        debuginfo_eip(pcs[i] - 1, info);
        cprintf("  %08x %s:%d: %.*s+%u\n", pcs[i], info.file, info.line, info.fn_namelen,
                info.fn_name, pcs[i] - info.fn_addr);
    }
}

KERNEL_HOT bool
Spinlock::holding() const
{
    return m_locked && m_cpu == thiscpu;
}

KERNEL_HOT void
Spinlock::acquire()
{
    if (holding()) {
        cprintf("CPU %d: lock %s taken again; first taken at:\n", cpunum(), m_name);
        print_pcs(m_pcs, PCS);
        panic("acquire: CPU %d already holds %s", cpunum(), m_name);
    }
    while (xchg(&m_locked, 1) != 0) {
        // The holder may be waiting for this CPU to flush its TLB.
        tlb_flush_if_asked();
        pause(); // tells the CPU (and QEMU) that this is a spin-wait loop
    }
    m_cpu = thiscpu;
    record_pcs(m_pcs, PCS);
}

KERNEL_HOT void
Spinlock::release()
{
    if (!holding()) {
        cprintf("CPU %d: releasing lock %s it does not hold (held by CPU %d)\n", cpunum(), m_name,
                m_locked && m_cpu != nullptr ? m_cpu->cpu_id : -1);
        panic("release: CPU %d does not hold %s", cpunum(), m_name);
    }
    m_pcs[0] = 0;
    m_cpu = nullptr;
    xchg(&m_locked, 0);
}
