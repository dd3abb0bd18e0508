// The FlexSC syscall thread: a kernel execution context (ring 0, its own
// one-page stack over a guard page, kern/thread_stack.h) that runs in its owner's address space and
// is scheduled like any environment. Each time it runs it makes one pass over the syscall
// page, serving every submitted entry through the kernel's one dispatcher on
// the owner's behalf, then sleeps, or goes straight back to a waiting owner.
// It holds the kernel lock throughout and never blocks inside a call (a call
// that would block marks its entry blocked), so it keeps no state on its
// stack between runs: each run starts afresh at the top of the stack.

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/flexsc_internal.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/syscall.h>
#include <kern/syscall_run.h>
#include <kern/tlb_shootdown.h>
#include <inc/x86.h>

// Switches to the stack whose top is `top` and calls fn(arg) there. Never returns.
[[noreturn]] static void
call_on_stack(uintptr_t top, void (*fn)(Env*), Env* arg)
{
    asm volatile("movl %0, %%esp\n\t"
                 "movl $0, %%ebp\n\t"
                 "pushl %2\n\t"
                 "pushl $0\n\t" // a null return address ends backtraces here
                 "jmp *%1"
                 :
                 : "r"(top), "r"(fn), "r"(arg)
                 : "memory");
    __builtin_unreachable();
}

// Frees a thread whose owner is gone, from the CPU's own stack (the thread's
// stack is one of the things freed), then schedules.
[[noreturn]] static void
thread_exit_on_cpu_stack(Env* thread)
{
    // A polling thread may still have its dead owner's page directory loaded,
    // which env_free is about to release.
    load_pgdir(paddr(kern_pgdir));
    env_free(thread);
    curenv = nullptr;
    sched_yield();
}

void
flexsc_thread_exit(Env* thread)
{
    call_on_stack(kstacktop(cpunum()), thread_exit_on_cpu_stack, thread);
}

// Runs the owner if it can run, else schedules: from the CPU's own stack.
KERNEL_HOT [[noreturn]] static void
leave_on_cpu_stack(Env* thread)
{
    Env* owner = flexsc_registration_of_thread(thread).owner;
    if (owner->env_status == ENV_RUNNABLE &&
        (owner->env_pinned_cpu < 0 || owner->env_pinned_cpu == cpunum()))
        env_run(owner);
    sched_yield();
}

KERNEL_HOT void
flexsc_thread_leave(Env* thread)
{
    // Not from the thread's stack: once this CPU drops the kernel lock (on its
    // way to user space or to hlt), another CPU may free the thread, stack and all.
    call_on_stack(kstacktop(cpunum()), leave_on_cpu_stack, thread);
}

// What serve_entry did with an entry.
enum class Served { not_submitted, completed, blocked, owner_gone };

// Serves one submitted entry: claim it, copy its call into kernel memory
// once, run it as ctx (whose entry is this one), count it by number. Once per
// entry, so inlined into the pass (inc/hot_path.h).
HOT_INLINE static Served
serve_entry(FlexscRegistration& r, volatile SyscallEntry& e, SyscallContext& ctx,
            uint32_t* syscall_counts)
{
    // The compare-and-swap makes the claim safe: the user may change the
    // status at any time, and a call runs at most once per submission.
    if (!claim_entry(e, EntryStatus::submitted, EntryStatus::busy))
        return Served::not_submitted;
    uint32_t number = e.number;
    uint32_t args[FLEXSC_MAX_ARGS];
    for (int a = 0; a < FLEXSC_MAX_ARGS; a++)
        args[a] = e.args[a];

    syscall_counts[min(number, static_cast<uint32_t>(KSTATS_SYSCALLS - 1))]++;
    int32_t result = syscall_run(ctx, number, args);
    // (The owner may be running on another CPU meanwhile: a call that changed
    // its mappings has made that CPU flush its TLB, kern/tlb_shootdown.h.)
    if (r.dying || r.owner->env_status == ENV_DYING)
        return Served::owner_gone; // and with it the page's meaning
    // LAB 7: BEGIN SOLUTION
    // HINT: a call that must wait (ctx.blocked(): it marked itself) leaves its entry blocked;
    //       its completion is posted later. Exercise 4, doc/labs/lab7.md.
    if (ctx.blocked()) {
        set_entry_status(e, EntryStatus::blocked);
        return Served::blocked;
    }
    // LAB 7: STUB
    // if (ctx.blocked())
    //     NOT_IMPLEMENTED(7);
    // LAB 7: END SOLUTION
    e.result = result;
    set_entry_status(e, EntryStatus::done);
    return Served::completed;
}

KERNEL_HOT uint32_t
flexsc_serve_pass(FlexscRegistration& r)
{
    auto* page = static_cast<volatile SyscallPage*>(page2kva(r.page));
    // A polling thread keeps the owner's directory loaded between passes,
    // while other CPUs may change its page tables.
    tlb_load_pgdir(PhysAddr(rcr3()));
    // Found once per pass, not per entry: a call in the pass never blocks, so
    // the thread stays on this CPU, and the calls are counted here rather than
    // by syscall_dispatch (finding this CPU's counters costs about what a null
    // call does).
    KStats& stats = thiscpu->cpu_stats;
    // In ring order from where the last pass stopped: the library fills
    // entries in ring order, so calls run in the order they were posted.
    uint32_t start = r.scan_pos;
    uint32_t last = start + FLEXSC_ENTRIES - 1; // the last entry served, if any
    uint32_t completed = 0, not_completed = 0;  // (blocked, or the owner gone)
    SyscallContext ctx{*r.owner, SyscallPath::flexsc};
    for (uint32_t n = start; n < start + FLEXSC_ENTRIES; n++) {
        volatile SyscallEntry& e = page->entries[n % FLEXSC_ENTRIES];
        // A plain look first: most entries of a pass that is not full are
        // not submitted.
        if (entry_status(e) != EntryStatus::submitted)
            continue;
        ctx.start_entry(static_cast<int>(n % FLEXSC_ENTRIES));
        Served s = serve_entry(r, e, ctx, stats.syscalls);
        if (s == Served::not_submitted)
            continue;
        last = n;
        if (s == Served::completed) {
            completed++;
            continue;
        }
        not_completed++;
        if (s == Served::owner_gone)
            break;
    }
    uint32_t served = completed + not_completed;
    r.scan_pos = (last + 1) % FLEXSC_ENTRIES;
    r.completed += completed;
    stats.syscall_paths[static_cast<uint32_t>(SyscallPath::flexsc)] += served;
    stats.flexsc_entries += served;
    return served;
}

KERNEL_HOT bool
flexsc_any_submitted(const FlexscRegistration& r)
{
    auto* page = static_cast<const volatile SyscallPage*>(page2kva(r.page));
    for (const volatile SyscallEntry& e : page->entries) {
        if (entry_status(e) == EntryStatus::submitted)
            return true;
    }
    return false;
}

KERNEL_HOT [[noreturn]] static void
thread_main(Env* thread)
{
    FlexscRegistration& r = flexsc_registration_of_thread(thread);
    if (r.polling)
        flexsc_poll_main(thread);
    // LAB 7: BEGIN SOLUTION
    // HINT: serve one pass over the page (flexsc_serve_pass), exit if dying, stay runnable if
    //       more was posted, wake a waiting owner, leave. Exercise 3, doc/labs/lab7.md.
    thiscpu->cpu_stats.flexsc_batches++;
    flexsc_serve_pass(r);
    if (r.dying)
        flexsc_thread_exit(thread);

    // Entries posted meanwhile (by the owner on another CPU) keep the thread
    // runnable. An owner still waiting in flexsc_wait posted none (nobody
    // else can wake the thread: what a sharer of the page posts runs with the
    // owner's next wait), so the look at all 64 entries is skipped.
    bool more =
        !(r.owner_waiting && r.owner->env_status == ENV_NOT_RUNNABLE) && flexsc_any_submitted(r);
    thread->env_status = more ? ENV_RUNNABLE : ENV_NOT_RUNNABLE;

    // Latency: straight back to an owner that waits for this batch.
    flexsc_wake_owner(r);
    flexsc_thread_leave(thread);
    // LAB 7: STUB
    // NOT_IMPLEMENTED(7, r);
    // LAB 7: END SOLUTION
}

KERNEL_HOT void
flexsc_thread_run(Env* thread)
{
    if (curenv != thread)
        thiscpu->cpu_stats.flexsc_thread_switches++;
    env_switch_to(thread);
    FlexscRegistration& r = flexsc_registration_of_thread(thread);
    call_on_stack(r.stack_top, thread_main, thread);
}
