// TLB shootdown by wake-up interrupt (see kern/tlb_shootdown.h).

#include <kern/cpu.h>
#include <kern/lapic.h>
#include <kern/tlb_shootdown.h>
#include <inc/x86.h>

volatile uint32_t page_table_generation;

void
tlb_flush_if_asked()
{
    CpuInfo* c = thiscpu;
    if (__atomic_load_n(&c->cpu_tlb_flush_asked, __ATOMIC_ACQUIRE)) {
        lcr3(rcr3()); // reloading CR3 drops every non-global translation
        __atomic_store_n(&c->cpu_tlb_flush_asked, 0, __ATOMIC_RELEASE);
    }
}

bool
tlb_load_pgdir(uint32_t pgdir_pa)
{
    uint32_t generation = page_table_generation; // read first: a later change must not be missed
    if (rcr3() == pgdir_pa && thiscpu->cpu_tlb_generation == generation)
        return false;
    lcr3(pgdir_pa);
    thiscpu->cpu_tlb_generation = generation;
    return true;
}

void
tlb_shootdown(int cpu)
{
    if (cpu == cpunum() || cpu < 0 || cpu >= ncpu)
        return;
    __atomic_store_n(&cpus[cpu].cpu_tlb_flush_asked, 1, __ATOMIC_RELEASE);
    lapic_send_wakeup(cpus[cpu].cpu_apicid);
    while (__atomic_load_n(&cpus[cpu].cpu_tlb_flush_asked, __ATOMIC_ACQUIRE))
        tlb_flush_if_asked(); // (another CPU might be asking this one meanwhile)
}
