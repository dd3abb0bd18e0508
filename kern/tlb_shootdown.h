// Keeping other CPUs' TLBs right when one CPU changes page tables they use.
//
// Only a polling FlexSC thread needs it (kern/flexsc_poll.cpp): it changes its
// owner's page tables on one CPU while the owner runs on another, and keeps
// the owner's page directory loaded while it polls. (JOS never changes the
// page tables of an environment running on another CPU in a way that matters:
// its own unmaps happen on its own CPU.)
#pragma once

#include <kern/kernel.h>
#include <kern/cpu.h>
#include <inc/types.h>
#include <inc/x86.h>

// Bumped by every TLB invalidation (kern/pmap.cpp): a CPU that remembers the
// value it last flushed at knows whether its TLB may be stale.
extern volatile uint32_t page_table_generation;

// Asks CPU `cpu` to flush its TLB, and waits until it has. Called with the
// kernel lock held: the other CPU flushes in its interrupt entry, or in the
// kernel lock's spin loop if it is already waiting there.
void tlb_shootdown(int cpu);

// Honours a shootdown request for this CPU, if there is one. (Inline, as
// the next one: they are on every system call's path, and under emulation a
// call into another page of code costs more than these few instructions.)
inline void
tlb_flush_if_asked()
{
    CpuInfo* c = thiscpu;
    if (__builtin_expect(__atomic_load_n(&c->cpu_tlb_flush_asked, __ATOMIC_ACQUIRE), 0)) {
        lcr3(rcr3()); // reloading CR3 drops every non-global translation
        __atomic_store_n(&c->cpu_tlb_flush_asked, 0, __ATOMIC_RELEASE);
    }
}

// Loads the page directory at physical address pgdir_pa into CR3, unless it
// is loaded already and no page table changed since this CPU last loaded it
// (its TLB could hold translations another CPU has since removed). Returns
// whether it wrote CR3.
inline bool
tlb_load_pgdir(uint32_t pgdir_pa)
{
    uint32_t generation = page_table_generation; // read first: a later change must not be missed
    CpuInfo* c = thiscpu;
    if (rcr3() == pgdir_pa && c->cpu_tlb_generation == generation)
        return false;
    lcr3(pgdir_pa);
    c->cpu_tlb_generation = generation;
    return true;
}
