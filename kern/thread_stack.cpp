// Guarded kernel stacks for FlexSC syscall threads.

#include <kern/cpu.h>
#include <kern/pmap.h>
#include <kern/thread_stack.h>
#include <kern/tlb_shootdown.h>
#include <inc/assert.h>
#include <inc/x86.h>

namespace {

// Slot i is two pages from STACKS_BASE: the guard, then the stack. The page
// table for this 4 MiB exists from boot (it maps the CPUs' stacks), and every
// address space shares the kernel's page tables, so a stack mapped here is
// mapped in all of them.
constexpr uintptr_t STACKS_BASE = KSTACKTOP - PTSIZE;
constexpr uintptr_t STACKS_END = KSTACKTOP - NCPU * (KSTKSIZE + KSTKGAP);
constexpr uint32_t SLOT_SIZE = 2 * PGSIZE;
constexpr uint32_t SLOTS = (STACKS_END - STACKS_BASE) / SLOT_SIZE;

// Protected by: the kernel lock.
bool slot_used[SLOTS];

constexpr uintptr_t
slot_top(uint32_t slot)
{
    return STACKS_BASE + slot * SLOT_SIZE + SLOT_SIZE;
}

} // namespace

Result<uintptr_t>
thread_stack_alloc()
{
    uint32_t slot = 0;
    while (slot < SLOTS && slot_used[slot])
        slot++;
    if (slot == SLOTS)
        return Error::no_mem;
    PageInfo* page = page_alloc(ALLOC_ZERO);
    if (page == nullptr)
        return Error::no_mem;
    uintptr_t top = slot_top(slot);
    if (page_insert(kern_pgdir, page, VirtAddr(top - PGSIZE), PTE_W) != Error::ok) {
        page_free(page);
        return Error::no_mem;
    }
    slot_used[slot] = true;
    return top;
}

void
thread_stack_free(uintptr_t top)
{
    uint32_t slot = (top - STACKS_BASE) / SLOT_SIZE - 1;
    assert(slot < SLOTS && slot_top(slot) == top && slot_used[slot]);
    // Every CPU may hold the translation (the kernel's page tables are in
    // every address space): all of them forget it before the page is reused.
    page_remove(kern_pgdir, VirtAddr(top - PGSIZE));
    invlpg(top - PGSIZE);
    for (int cpu = 0; cpu < ncpu; cpu++) {
        if (cpu != cpunum())
            tlb_shootdown(cpu);
    }
    slot_used[slot] = false;
}
