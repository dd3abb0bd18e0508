// Per-CPU state. Until lab 4's SMP support finds more CPUs, there is one.

#include <kern/cpu.h>

CpuInfo cpus[NCPU];
int ncpu = 1;
CpuInfo* bootcpu = &cpus[0];

int
cpunum()
{
    return 0;
}
