// Environment allocation and lifetime. An Env is free iff it is on
// env_free_list (status ENV_FREE).

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/flexsc.h>
#include <kern/ipc_send_wait.h>
#include <kern/tlb_shootdown.h>
#include <kern/kstats.h>
#include <kern/monitor.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/trap.h>
#include <inc/elf.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/x86.h>

Env* envs;
static Env* env_free_list;

void
env_init()
{
    // LAB 3: BEGIN SOLUTION
    // HINT: mark every Env free and chain them on env_free_list in index order, so that the first
    //       env_alloc returns envs[0] (id 00001000). Exercise 2, doc/labs/lab3.md.
    // Slot 0 first on the free list, so the first environment is 00001000.
    env_free_list = nullptr;
    for (int i = NENV - 1; i >= 0; i--) {
        envs[i].env_id = 0;
        envs[i].env_status = ENV_FREE;
        envs[i].env_link = env_free_list;
        env_free_list = &envs[i];
    }
    // LAB 3: STUB
    // // The first exercise of lab 3 on the boot path: until it is written, the
    // // kernel stops here at the monitor, without a panic, so lab 2 still passes.
    // cprintf("%s: not implemented (lab 3, doc/labs/lab3.md); no environment can run: "
    //         "the kernel stops at the monitor\n", __func__);
    // for (;;)
    //     monitor(nullptr);
    // LAB 3: END SOLUTION
}

void
env_use_first_slots(uint32_t count)
{
    // Unlinks the other slots from the free list, whatever order env_init chained it in.
    Env** link = &env_free_list;
    while (*link != nullptr) {
        if (static_cast<uint32_t>(*link - envs) >= count)
            *link = (*link)->env_link;
        else
            link = &(*link)->env_link;
    }
}

Result<Env*>
envid2env(envid_t envid, const Env* caller, EnvPerm perm)
{
    if (envid == 0) {
        if (caller == nullptr)
            return Error::bad_env;
        return const_cast<Env*>(caller);
    }
    Env* e = &envs[ENVX(envid)];
    if (e->env_status == ENV_FREE || e->env_id != envid)
        return Error::bad_env;
    // Syscall threads belong to the kernel: no system call may name one.
    if (e->env_type == ENV_TYPE_FLEXSC)
        return Error::bad_env;
    if (perm == EnvPerm::self_or_child &&
        (caller == nullptr || (e != caller && e->env_parent_id != caller->env_id)))
        return Error::bad_env;
    return e;
}

// Gives e a page directory: the kernel's mappings above UTOP, nothing below,
// and its own page directory at UVPT.
static Error
env_setup_vm(Env* e)
{
    PageInfo* p = page_alloc(ALLOC_ZERO);
    if (p == nullptr)
        return Error::no_mem;
    // LAB 3: BEGIN SOLUTION
    // HINT: p is a zeroed page: count the reference, make it e's page directory, and copy the
    //       kernel's entries above UTOP (kern_pgdir) into it. Exercise 2, doc/labs/lab3.md.
    p->pp_ref++;
    e->env_pgdir = static_cast<pde_t*>(page2kva(p));
    for (uint32_t i = PDX(UTOP); i < NPDENTRIES; i++)
        e->env_pgdir[i] = kern_pgdir[i];
    // LAB 3: STUB
    // NOT_IMPLEMENTED(3, p);
    // LAB 3: END SOLUTION
    e->env_pgdir[PDX(UVPT)] = paddr(e->env_pgdir).raw() | PTE_P | PTE_U;
    return Error::ok;
}

// Takes a slot off the free list and gives it a new id (a new generation, so
// stale ids of its earlier user are rejected) and a clean state.
static Env*
env_take_slot(envid_t parent_id)
{
    Env* e = env_free_list;
    env_free_list = e->env_link;
    e->env_link = nullptr;
    // A new generation for the slot, so stale ids of its earlier user are rejected.
    int32_t generation = (e->env_id + (1 << ENVGENSHIFT)) & ~(NENV - 1);
    if (generation <= 0)
        generation = 1 << ENVGENSHIFT;
    e->env_id = generation | static_cast<int32_t>(e - envs);
    e->env_parent_id = parent_id;
    e->env_libos_flags = 0;
    e->env_pinned_cpu = -1;
    e->env_type = ENV_TYPE_USER;
    e->env_status = ENV_RUNNABLE;
    e->env_runs = 0;
    e->env_cpunum = -1;
    e->env_pgfault_upcall = 0;
    e->env_ipc_recving = 0;

    // User segments with RPL 3, the stack at USTACKTOP; the entry point comes later.
    memset(&e->env_tf, 0, sizeof(e->env_tf));
    e->env_tf.tf_ds = GD_UD | 3;
    e->env_tf.tf_es = GD_UD | 3;
    e->env_tf.tf_ss = GD_UD | 3;
    e->env_tf.tf_esp = USTACKTOP;
    e->env_tf.tf_cs = GD_UT | 3;
    e->env_tf.tf_eflags = FL_IF; // user code always runs with interrupts on
    return e;
}

// Who the kernel works for, for messages: the current environment, or for a
// FlexSC syscall thread, its owner (the message reads as if the owner trapped).
static envid_t
acting_envid()
{
    if (curenv == nullptr)
        return 0;
    return curenv->env_type == ENV_TYPE_FLEXSC ? curenv->env_parent_id : curenv->env_id;
}

Result<Env*>
env_alloc(envid_t parent_id)
{
    if (env_free_list == nullptr)
        return Error::no_free_env;
    Error err = env_setup_vm(env_free_list);
    if (err != Error::ok)
        return err;
    Env* e = env_take_slot(parent_id);
    cprintf("[%08x] new env %08x\n", acting_envid(), e->env_id);
    return e;
}

Result<Env*>
env_alloc_kernel_thread(Env* owner)
{
    if (env_free_list == nullptr)
        return Error::no_free_env;
    Env* e = env_take_slot(owner->env_id);
    e->env_type = ENV_TYPE_FLEXSC;
    e->env_status = ENV_NOT_RUNNABLE; // asleep until there is work
    e->env_pgdir = owner->env_pgdir;  // the owner's address space, not a copy
    cprintf("[%08x] new flexsc thread %08x\n", owner->env_id, e->env_id);
    return e;
}

int
env_count_live()
{
    int n = 0;
    for (int i = 0; i < NENV; i++)
        n += envs[i].env_status != ENV_FREE;
    return n;
}

// Puts a freed slot back on the free list.
static void
env_release_slot(Env* e)
{
    e->env_status = ENV_FREE;
    e->env_pgdir = nullptr;
    e->env_link = env_free_list;
    env_free_list = e;
}

// Frees the children parent made but never started: only a parent may make
// its child runnable, so once it is gone they could never run, and would hold
// their pages forever. (A child that has run is on its own, as in JOS.)
static void
free_unstarted_children(envid_t parent)
{
    for (int i = 0; i < NENV; i++) {
        Env& child = envs[i];
        if (child.env_status == ENV_NOT_RUNNABLE && child.env_parent_id == parent &&
            child.env_runs == 0 && child.env_type != ENV_TYPE_FLEXSC)
            env_free(&child);
    }
}

// Frees the page table at pgdir[pdeno] and the pages it maps. The table is
// unhooked first and the TLBs that may hold its translations flushed once:
// one shootdown per table, not per page. (A polling FlexSC thread keeps its
// dead owner's directory loaded; a shootdown per page made an owner's exit
// wait a few hundred times for that CPU, which the host may not be running.)
static void
free_page_table(pde_t* pgdir, uint32_t pdeno)
{
    PhysAddr table_pa(PTE_ADDR(pgdir[pdeno]));
    pgdir[pdeno] = 0;
    tlb_invalidate_address_space(pgdir);
    auto* table = static_cast<pte_t*>(kaddr(table_pa));
    for (uint32_t pteno = 0; pteno < NPTENTRIES; pteno++) {
        if (table[pteno] & PTE_P)
            page_decref(pa2page(PhysAddr(PTE_ADDR(table[pteno]))));
        table[pteno] = 0;
    }
    page_decref(pa2page(table_pa));
}

void
env_free(Env* e)
{
    if (e->env_type == ENV_TYPE_FLEXSC) {
        // A syscall thread owns its stack, not the address space it runs in.
        cprintf("[%08x] free env %08x\n", acting_envid(), e->env_id);
        flexsc_thread_release(e);
        env_release_slot(e);
        return;
    }
    flexsc_teardown(e);

    // Keep using a valid page directory while e's goes away.
    if (e->env_pgdir != nullptr && rcr3() == paddr(e->env_pgdir).raw()) {
        load_pgdir(paddr(kern_pgdir));
    }
    cprintf("[%08x] free env %08x\n", acting_envid(), e->env_id);

    // Unmap every user page, then free the page tables and the directory.
    for (uint32_t pdeno = 0; pdeno < PDX(UTOP); pdeno++) {
        if (e->env_pgdir[pdeno] & PTE_P)
            free_page_table(e->env_pgdir, pdeno);
    }
    PhysAddr pgdir_pa = paddr(e->env_pgdir);
    page_decref(pa2page(pgdir_pa));
    envid_t parent = e->env_id;
    env_release_slot(e);
    ipc_send_wake_senders_of(parent); // their sends now fail with bad_env
    free_unstarted_children(parent);
}

KERNEL_HOT bool
env_on_other_cpu(const Env* e)
{
    int c = e->env_cpunum;
    return e != curenv && c >= 0 && c < ncpu && cpus[c].cpu_env == e;
}

bool
env_still_blocked(envid_t id, uint32_t runs)
{
    const Env& e = envs[ENVX(id)];
    return e.env_id == id && e.env_status == ENV_NOT_RUNNABLE && e.env_runs == runs;
}

void
env_destroy(Env* e)
{
    // An environment running on another CPU is freed there, at its next kernel
    // entry. (Asked of the CPU, not of env_status: a FlexSC thread may have set
    // the status of its running owner.)
    if (env_on_other_cpu(e)) {
        e->env_status = ENV_DYING;
        return;
    }
    env_free(e);
    if (e == curenv) {
        curenv = nullptr;
        sched_yield();
    }
}

KERNEL_HOT void
env_switch_to(Env* e)
{
    // LAB 3: BEGIN SOLUTION
    // HINT: make e curenv (the previous one, if running, becomes runnable), mark it running on
    //       this CPU, count the run, load its page directory (tlb_load_pgdir). env_run then
    //       pops its trap frame. Exercise 2, doc/labs/lab3.md.
    if (curenv != e) {
        if (curenv != nullptr && curenv->env_status == ENV_RUNNING)
            curenv->env_status = ENV_RUNNABLE;
        curenv = e;
        kstats_count_env_switch();
    }
    e->env_status = ENV_RUNNING;
    e->env_cpunum = cpunum();
    e->env_runs++;
    // Writing CR3 flushes the TLB: skip it when the address space is already
    // loaded and its translations cannot be stale (kern/tlb_shootdown.h).
    tlb_load_pgdir(paddr(e->env_pgdir));
    // LAB 3: STUB
    // NOT_IMPLEMENTED(3, e);
    // LAB 3: END SOLUTION
}

KERNEL_HOT void
env_run(Env* e)
{
    assert(e->env_type != ENV_TYPE_FLEXSC); // those run in the kernel: sched_run
    env_switch_to(e);
    unlock_kernel(); // kern/spinlock.h: held since this CPU entered the kernel
    env_pop_tf(&e->env_tf);
}
