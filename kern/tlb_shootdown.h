// Keeping other CPUs' TLBs right when one CPU changes page tables they use.
//
// Only a polling FlexSC thread needs it (kern/flexsc_poll.cpp): it changes its
// owner's page tables on one CPU while the owner runs on another, and keeps
// the owner's page directory loaded while it polls. (JOS never changes the
// page tables of an environment running on another CPU in a way that matters:
// its own unmaps happen on its own CPU.)
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

// Bumped by every TLB invalidation (kern/pmap.cpp): a CPU that remembers the
// value it last flushed at knows whether its TLB may be stale.
extern volatile uint32_t page_table_generation;

// Asks CPU `cpu` to flush its TLB, and waits until it has. Called with the
// kernel lock held: the other CPU flushes in its interrupt entry, or in the
// kernel lock's spin loop if it is already waiting there.
void tlb_shootdown(int cpu);

// Honours a shootdown request for this CPU, if there is one.
void tlb_flush_if_asked();

// Loads the page directory at physical address pgdir_pa into CR3, unless it
// is loaded already and no page table changed since this CPU last loaded it
// (its TLB could hold translations another CPU has since removed). Returns
// whether it wrote CR3.
bool tlb_load_pgdir(uint32_t pgdir_pa);
