// Per-CPU state.

#include <kern/cpu.h>
#include <kern/gdt.h>
#include <kern/lapic.h>

CpuInfo cpus[NCPU];
int ncpu = 1;
CpuInfo* bootcpu = &cpus[0];

alignas(PGSIZE) uint8_t percpu_kstacks[NCPU][KSTKSIZE];

int
cpunum_from_lapic()
{
    int apicid = lapic_id();
    // APIC ids are usually 0..ncpu-1 in order, but need not be.
    for (int i = 0; i < ncpu; i++) {
        if (cpus[i].cpu_apicid == apicid)
            return i;
    }
    return 0;
}
