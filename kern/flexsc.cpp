// FlexSC registrations: flexsc_register, flexsc_wait, teardown. The IPC hooks
// are kern/flexsc_recv.cpp's.

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/flexsc_internal.h>
#include <kern/kstats.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/syscall.h>
#include <kern/thread_stack.h>
#include <inc/stdio.h>
#include <inc/string.h>

static FlexscRegistration registrations[NENV];

KERNEL_HOT FlexscRegistration*
flexsc_registration(const Env* owner)
{
    FlexscRegistration* r = &registrations[ENVX(owner->env_id)];
    return r->owner == owner && !r->dying ? r : nullptr;
}

KERNEL_HOT FlexscRegistration&
flexsc_registration_of_thread(const Env* thread)
{
    FlexscRegistration& r = registrations[ENVX(thread->env_parent_id)];
    assert(r.thread == thread);
    return r;
}

SyscallPage*
flexsc_page_of(const FlexscRegistration& r)
{
    return static_cast<SyscallPage*>(page2kva(r.page));
}

// Maps a zeroed syscall page at va in the caller and creates its syscall
// thread; with FLEXSC_POLL in flags, a polling thread pinned to `cpu`.
// Errors: inval (va not page aligned or not below UTOP, already registered,
// not an ordinary environment, unknown flags; for polling: no such CPU, the
// boot CPU 0, or one that already has a polling thread), no_mem, no_free_env
// (also while a polling thread of an earlier owner of this slot winds down).
Error
sys_flexsc_register(const SyscallContext& ctx, uintptr_t va, uint32_t flags, uint32_t cpu)
{
    Env& owner = ctx.caller;
    if (va % PGSIZE != 0 || va >= UTOP || owner.env_type == ENV_TYPE_FLEXSC ||
        flexsc_registration(&owner) != nullptr || ctx.posted() || (flags & ~FLEXSC_POLL) != 0)
        return Error::inval;
    bool polling = flags & FLEXSC_POLL;
    // A polling thread owns its CPU while it has work, with interrupts off: not
    // the boot CPU, which keeps the time and takes the device interrupts.
    if (polling && !flexsc_poll_cpu_free(cpu))
        return Error::inval;
    if (registrations[ENVX(owner.env_id)].thread != nullptr)
        return Error::no_free_env;

    // LAB 7: BEGIN SOLUTION
    // HINT: allocate the syscall page and map it at va (PTE_NOCOPY), a thread stack and a syscall
    //       thread (env_alloc_kernel_thread), fill the registration; undo on error. Exercise 1,
    //       doc/labs/lab7.md.
    PageInfo* page = page_alloc(ALLOC_ZERO);
    if (page == nullptr)
        return Error::no_mem;
    Result<uintptr_t> stack = thread_stack_alloc();
    if (!stack.ok()) {
        page_free(page);
        return stack.error();
    }
    page->pp_ref++; // the kernel's own reference: the owner may unmap the page
    // fork and spawn must not give a child this page (PTE_NOCOPY).
    Error err =
        page_insert(owner.env_pgdir, page, VirtAddr(va), PTE_P | PTE_U | PTE_W | PTE_NOCOPY);
    Result<Env*> thread = err == Error::ok ? env_alloc_kernel_thread(&owner) : Result<Env*>(err);
    if (!thread.ok()) {
        if (err == Error::ok)
            page_remove(owner.env_pgdir, VirtAddr(va));
        page_decref(page);
        thread_stack_free(stack.value());
        return thread.error();
    }

    FlexscRegistration& r = registrations[ENVX(owner.env_id)];
    memset(&r, 0, sizeof(r));
    r.owner = &owner;
    r.thread = thread.value();
    r.page = page;
    r.stack_top = stack.value();
    if (polling)
        flexsc_poll_start(r, cpu);
    // LAB 7: STUB
    // NOT_IMPLEMENTED(7);
    // LAB 7: END SOLUTION
    return Error::ok;
}

KERNEL_HOT int32_t
flexsc_take_completed(FlexscRegistration& r)
{
    int32_t n = static_cast<int32_t>(r.completed);
    r.completed = 0;
    return n;
}

KERNEL_HOT void
flexsc_owner_waits(Env& owner, FlexscRegistration& r, bool until_served)
{
    owner.env_status = ENV_NOT_RUNNABLE;
    owner.env_tf.tf_regs.reg_eax = 0;
    r.owner_waiting = true;
    r.wake_when_served = until_served;
}

bool
flexsc_nothing_outstanding(const FlexscRegistration& r, bool submitted, bool until_served,
                           bool thread_busy)
{
    return !submitted && (until_served || (r.blocked == 0 && !thread_busy));
}

// Waits until at least one entry completed since the last wait, and returns
// how many did. Returns at once if some already have, or if nothing is
// outstanding (no entry submitted, busy or blocked): then 0. With
// FLEXSC_WAIT_SERVED in flags, blocked entries are not waited for: it also
// returns (maybe 0) once no entry is left submitted, so exit's flush ends
// whatever the page holds. Errors: inval (not registered, unknown flags),
// not_supp (through FlexSC itself).
KERNEL_HOT Result<int32_t>
sys_flexsc_wait(const SyscallContext& ctx, uint32_t flags)
{
    if (ctx.posted())
        return Error::not_supp;
    FlexscRegistration* r = flexsc_registration(&ctx.caller);
    if (r == nullptr || (flags & ~FLEXSC_WAIT_SERVED) != 0)
        return Error::inval;
    bool until_served = flags & FLEXSC_WAIT_SERVED;
    if (r->polling)
        return flexsc_poll_wait(ctx, *r, until_served);
    // LAB 7: BEGIN SOLUTION
    // HINT: return completions if any; else 0 if nothing is outstanding; else wait
    //       (flexsc_owner_waits), waking the thread if entries were submitted, and switch to it
    //       (flexsc_thread_run). Exercise 2, doc/labs/lab7.md.
    if (r->completed > 0)
        return flexsc_take_completed(*r);
    bool submitted = flexsc_any_submitted(*r);
    Env* thread = r->thread;
    bool thread_busy = thread->env_status == ENV_RUNNABLE || thread->env_status == ENV_RUNNING;
    if (flexsc_nothing_outstanding(*r, submitted, until_served, thread_busy))
        return 0;

    flexsc_owner_waits(ctx.caller, *r, until_served);
    if (submitted && thread->env_status == ENV_NOT_RUNNABLE) {
        thread->env_status = ENV_RUNNABLE;
        thiscpu->cpu_stats.flexsc_wakeups++;
    }
    // Latency: straight to the syscall thread, not whenever the scheduler gets to it.
    if (thread->env_status == ENV_RUNNABLE)
        flexsc_thread_run(thread);
    sched_yield();
    // LAB 7: STUB
    // NOT_IMPLEMENTED(7);
    // LAB 7: END SOLUTION
}

KERNEL_HOT void
flexsc_wake_owner(FlexscRegistration& r)
{
    // A dying registration's owner may be freed already: never make it runnable.
    // Nor an owner being destroyed, or one something else has made runnable.
    if (r.dying || !r.owner_waiting || r.owner->env_status != ENV_NOT_RUNNABLE)
        return;
    if (r.completed == 0 && !(r.wake_when_served && !flexsc_any_submitted(r)))
        return;
    r.owner->env_tf.tf_regs.reg_eax = r.completed;
    r.completed = 0;
    r.owner_waiting = false;
    r.wake_when_served = false;
    r.owner->env_status = ENV_RUNNABLE;
}

void
flexsc_owner_stops_waiting(const Env& owner)
{
    if (FlexscRegistration* r = flexsc_registration(&owner)) {
        r->owner_waiting = false;
        r->wake_when_served = false;
    }
}

void
flexsc_teardown(Env* owner)
{
    FlexscRegistration* r = flexsc_registration(owner);
    if (r == nullptr)
        return;
    if (r->thread == curenv || r->thread->env_status == ENV_RUNNING) {
        // The thread is running: this very call (the owner destroyed itself
        // through FlexSC), or polling on another CPU. It finishes the teardown
        // on its way out.
        __atomic_store_n(&r->dying, true, __ATOMIC_RELEASE);
        return;
    }
    env_free(r->thread); // calls flexsc_thread_release
}

void
flexsc_thread_release(Env* thread)
{
    FlexscRegistration& r = flexsc_registration_of_thread(thread);
    page_decref(r.page);
    thread_stack_free(r.stack_top);
    if (r.polling)
        flexsc_poll_release(r);
    memset(&r, 0, sizeof(r));
}
