// Keeping other CPUs' TLBs right when one CPU changes page tables they use.
//
// An address space can be in use on two CPUs at once: a parent changes the
// mappings of its child while the child runs elsewhere, a FlexSC syscall
// thread changes its owner's while the owner runs, and a polling thread keeps
// its owner's page directory loaded while it polls. Every CPU records which
// page directory it has loaded (load_pgdir); removing or changing a
// translation (tlb_invalidate, kern/pmap.cpp) makes every other CPU with that
// directory loaded flush before the change takes effect for the caller, since
// the page may be freed and reused at once.
#pragma once

#include <kern/kernel.h>
#include <kern/cpu.h>
#include <kern/kstats.h>
#include <inc/addr.h>
#include <inc/types.h>
#include <inc/x86.h>

// Bumped by every TLB invalidation (kern/pmap.cpp): a CPU that remembers the
// value it last flushed at knows whether its TLB may be stale.
extern volatile uint32_t page_table_generation;

// Asks CPU `cpu` to flush its TLB, and waits until it has, unless it is idle
// (CPU_HALTED: it flushes once it holds the kernel lock again, trap()).
// Called with the kernel lock held: the other CPU flushes in its interrupt
// entry, in the kernel lock's spin loop if it is already waiting there, or in
// a polling thread's loop.
void tlb_shootdown(int cpu);

// tlb_shootdown for every other CPU that has the page directory at pgdir loaded.
void tlb_shootdown_users_of(PhysAddr pgdir);

// Honours a shootdown request for this CPU, if there is one. (Inline, as
// the next one: they are on every system call's path, inc/hot_path.h.)
inline void
tlb_flush_if_asked()
{
    CpuInfo* c = thiscpu;
    if (__builtin_expect(__atomic_load_n(&c->cpu_tlb_flush_asked, __ATOMIC_ACQUIRE), 0)) {
        lcr3(rcr3()); // reloading CR3 drops every non-global translation
        __atomic_store_n(&c->cpu_tlb_flush_asked, 0, __ATOMIC_RELEASE);
    }
}

// Loads the page directory at pgdir into CR3, unless it is loaded already and
// no page table changed since this CPU last loaded it (its TLB could hold
// translations another CPU has since removed). A write counts in kstats.
inline void
tlb_load_pgdir(PhysAddr pgdir)
{
    uint32_t generation = page_table_generation; // read first: a later change must not be missed
    CpuInfo* c = thiscpu;
    if (rcr3() == pgdir.raw() && c->cpu_tlb_generation == generation)
        return;
    lcr3(pgdir.raw());
    c->cpu_tlb_generation = generation;
    c->cpu_pgdir_pa = pgdir.raw();
    kstats_count_pgdir_load();
}

// Loads the page directory at pgdir into CR3, always, and counts it in
// kstats. Every CR3 write goes through here or tlb_load_pgdir, so that
// shootdowns know which CPUs use which directory.
inline void
load_pgdir(PhysAddr pgdir)
{
    uint32_t generation = page_table_generation;
    lcr3(pgdir.raw());
    CpuInfo* c = thiscpu; // after: a starting CPU finds its number through the new directory
    c->cpu_tlb_generation = generation;
    c->cpu_pgdir_pa = pgdir.raw();
    kstats_count_pgdir_load();
}
