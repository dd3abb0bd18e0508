// Per-CPU state.

#include <kern/cpu.h>
#include <kern/gdt.h>
#include <kern/lapic.h>

CpuInfo cpus[NCPU];
int ncpu = 1;
CpuInfo* bootcpu = &cpus[0];

alignas(PGSIZE) uint8_t percpu_kstacks[NCPU][KSTKSIZE];

int
cpunum()
{
    // Once a CPU has loaded its own task state segment (kern/gdt.cpp), its
    // task register names it: reading it is one instruction, while asking the
    // local APIC is a device access (slow, above all under emulation, and
    // curenv asks on every use).
    uint32_t tr = 0;
    asm volatile("str %w0" : "+r"(tr));
    if (tr >= GD_TSS0)
        return static_cast<int>((tr - GD_TSS0) >> 3);

    int apicid = lapic_id();
    // APIC ids are usually 0..ncpu-1 in order, but need not be.
    for (int i = 0; i < ncpu; i++) {
        if (cpus[i].cpu_apicid == apicid)
            return i;
    }
    return 0;
}
