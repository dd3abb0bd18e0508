// The console lock (kern/console_lock.h): a spinlock that remembers which CPU
// holds it and how many times, so that the holder can take it again.

#include <kern/console_lock.h>
#include <kern/cpu.h>
#include <inc/assert.h>
#include <inc/x86.h>

static constexpr int NO_CPU = -1;
// About a second of spinning under QEMU: only a holder that will never
// release the lock (it panicked or halted while printing) keeps it that long.
static constexpr uint32_t PANIC_SPIN_LIMIT = 10'000'000;

static volatile int holder_cpu = NO_CPU;
static int depth; // touched only by the holder

static bool
try_take(int cpu)
{
    int expected = NO_CPU;
    return __atomic_compare_exchange_n(&holder_cpu, &expected, cpu, false, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED);
}

ConsoleLockGuard::ConsoleLockGuard()
{
    int cpu = cpunum();
    m_nested = __atomic_load_n(&holder_cpu, __ATOMIC_RELAXED) == cpu;
    if (m_nested) {
        depth++;
        return;
    }
    uint32_t spins = 0;
    while (!try_take(cpu)) {
        // Read, not write, while it is taken: the holder's cache line stays put.
        while (__atomic_load_n(&holder_cpu, __ATOMIC_RELAXED) != NO_CPU) {
            if (kernel_panicked() && ++spins > PANIC_SPIN_LIMIT) {
                __atomic_store_n(&holder_cpu, cpu, __ATOMIC_SEQ_CST);
                depth = 1;
                return;
            }
            pause();
        }
    }
    depth = 1;
}

ConsoleLockGuard::~ConsoleLockGuard()
{
    if (--depth == 0)
        __atomic_store_n(&holder_cpu, NO_CPU, __ATOMIC_RELEASE);
}
