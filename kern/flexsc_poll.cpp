// The polling syscall thread (FLEXSC_POLL): core specialization.
//
// A polling thread is pinned to one CPU. While it has work it never sleeps:
// it watches the syscall page with the kernel lock released (the other CPUs
// keep entering the kernel), and takes the lock only to serve the entries it
// finds. So a program on another CPU makes system calls by writing memory,
// with no trap at all. After FLEXSC_POLL_IDLE_CYCLES without work it sleeps,
// and says so in the page; the library's next flexsc_wait wakes it (and a
// wake-up interrupt gets its CPU to run it at once). Like io_uring's SQPOLL
// thread, it burns its CPU only while there is work to find.
//
// Unlocked, the thread touches nothing the owner's death could free: the page
// (through the kernel's mapping; the registration holds a reference), and the
// owner's page directory, loaded in CR3, on which the registration also holds
// a reference. The owner's death only sets r.dying, which the thread reads.

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/flexsc_internal.h>
#include <kern/kstats.h>
#include <kern/lapic.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/syscall.h>
#include <kern/tlb_shootdown.h>
#include <inc/x86.h>

// About 50 ms of host time under QEMU (its TSC follows the host's): long
// enough that a program between two calls, or a vCPU the host briefly
// deschedules, does not put the thread to sleep.
static constexpr uint64_t FLEXSC_POLL_IDLE_CYCLES = 100'000'000;
// ...and at least this many looks at an empty page (about 5 ms on 2 CPUs).
// The TSC runs on while the host deschedules this vCPU; without a count, a
// thread that resumes after such a gap would sleep without having looked.
static constexpr uint32_t FLEXSC_POLL_IDLE_LOOKS = 10'000;

KERNEL_HOT static bool
dying(const FlexscRegistration& r, const Env* thread)
{
    return __atomic_load_n(&r.dying, __ATOMIC_ACQUIRE) ||
           __atomic_load_n(&thread->env_status, __ATOMIC_ACQUIRE) == ENV_DYING;
}

// Spins, without the kernel lock, until an entry is submitted, the owner dies,
// or the idle budget runs out. Returns whether there is work. (Entries of an
// owner being destroyed are no work: they will never be served.)
KERNEL_HOT static bool
poll_unlocked(FlexscRegistration& r, Env* thread, uint64_t idle_since)
{
    unlock_kernel();
    bool work = false;
    for (uint32_t looks = 0; !dying(r, thread); looks++) {
        if (flexsc_any_submitted(r) &&
            __atomic_load_n(&r.owner->env_status, __ATOMIC_ACQUIRE) != ENV_DYING) {
            work = true;
            break;
        }
        if (looks >= FLEXSC_POLL_IDLE_LOOKS && read_tsc() - idle_since >= FLEXSC_POLL_IDLE_CYCLES)
            break;
        tlb_flush_if_asked(); // the lock holder may be changing the owner's page tables
        asm volatile("pause");
    }
    lock_kernel();
    return work;
}

// Goes to sleep unless an entry slipped in; returns only in that case.
static void
try_sleep(FlexscRegistration& r, Env* thread)
{
    auto* page = static_cast<volatile SyscallPage*>(page2kva(r.page));
    // Say "asleep" first, then look: a program that posts after this look sees
    // "asleep" and calls flexsc_wait, which finds the thread asleep and wakes it.
    set_poller_state(*page, PollerState::asleep);
    thiscpu->cpu_stats.flexsc_poller_sleeps++;
    if (flexsc_any_submitted(r)) {
        set_poller_state(*page, PollerState::awake);
        return;
    }
    r.poller_asleep = true;
    thread->env_status = ENV_NOT_RUNNABLE;
    flexsc_thread_leave(thread);
}

KERNEL_HOT void
flexsc_poll_main(Env* thread)
{
    FlexscRegistration& r = flexsc_registration_of_thread(thread);
    // (The page says "awake" already: whoever made this thread runnable, its
    // registration or a wake-up, said so first.)
    uint64_t idle_since = read_tsc();
    for (;;) {
        if (dying(r, thread))
            flexsc_thread_exit(thread);
        if (r.owner->env_status != ENV_DYING) {
            uint32_t served = flexsc_serve_pass(r);
            if (r.dying) // the owner destroyed itself through this very pass
                flexsc_thread_exit(thread);
            if (served > 0) {
                thiscpu->cpu_stats.flexsc_batches++;
                thiscpu->cpu_stats.flexsc_polled += served;
                idle_since = read_tsc();
            }
            bool was_waiting = r.owner_waiting;
            flexsc_wake_owner(r);
            if (was_waiting && !r.owner_waiting)
                sched_kick_idle_cpus(); // the owner can run: an idle CPU should take it now
        }
        if (poll_unlocked(r, thread, idle_since) || dying(r, thread))
            continue;
        try_sleep(r, thread); // returns if an entry slipped in: serve it
        idle_since = read_tsc();
    }
}

bool
flexsc_poll_cpu_free(uint32_t cpu)
{
    return cpu != 0 && cpu < static_cast<uint32_t>(ncpu) && cpus[cpu].cpu_poller == nullptr;
}

void
flexsc_poll_start(FlexscRegistration& r, uint32_t cpu)
{
    r.polling = true;
    // The thread keeps the owner's page directory loaded even after the owner dies.
    r.pgdir = pa2page(paddr(r.owner->env_pgdir));
    r.pgdir->pp_ref++;
    r.thread->env_pinned_cpu = static_cast<int32_t>(cpu);
    cpus[cpu].cpu_poller = r.thread;
    r.thread->env_status = ENV_RUNNABLE;                      // polling starts now
    set_poller_state(*flexsc_page_of(r), PollerState::awake); // posting is enough from here on
    sched_kick_cpu(static_cast<int>(cpu));
}

// flexsc_wait for a polling registration: wake the thread if it sleeps and
// there is work, then sleep until it completes something. The owner never
// switches to the thread directly: it runs on its own CPU. (The wake-up comes
// first: a program that polls its entries rarely waits, so completions pile
// up, and a wait that returned on those alone would leave the thread asleep.)
KERNEL_HOT Result<int32_t>
flexsc_poll_wait(const SyscallContext& ctx, FlexscRegistration& r, bool until_served)
{
    bool submitted = flexsc_any_submitted(r);
    if (r.poller_asleep && submitted) {
        r.poller_asleep = false;
        set_poller_state(*flexsc_page_of(r), PollerState::awake);
        r.thread->env_status = ENV_RUNNABLE;
        thiscpu->cpu_stats.flexsc_wakeups++;
        sched_kick_cpu(r.thread->env_pinned_cpu);
    }
    if (r.completed > 0)
        return flexsc_take_completed(r);
    if (flexsc_nothing_outstanding(r, submitted, until_served, false))
        return 0;
    flexsc_owner_waits(ctx.caller, r, until_served);
    sched_yield();
}

void
flexsc_poll_release(FlexscRegistration& r)
{
    page_decref(r.pgdir);
    cpus[r.thread->env_pinned_cpu].cpu_poller = nullptr;
}

KERNEL_HOT Env*
flexsc_poller_ready_here()
{
    Env* poller = thiscpu->cpu_poller;
    return poller != nullptr && poller->env_status == ENV_RUNNABLE ? poller : nullptr;
}
