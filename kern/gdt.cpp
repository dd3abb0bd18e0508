// The global descriptor table: flat kernel and user segments, one TSS per CPU.

#include <inc/assert.h>
#include <kern/cpu.h>
#include <kern/gdt.h>
#include <inc/mmu.h>
#include <inc/x86.h>

// Protected by: written by each CPU only in its own TSS slot, at its startup.
static SegmentDescriptor gdt[5 + NCPU] = {
    {0},                                           // null descriptor: traps if used
    make_segment(STA_X | STA_R, 0, 0xFFFFFFFF, 0), // GD_KT
    make_segment(STA_W, 0, 0xFFFFFFFF, 0),         // GD_KD
    make_segment(STA_X | STA_R, 0, 0xFFFFFFFF, 3), // GD_UT
    make_segment(STA_W, 0, 0xFFFFFFFF, 3),         // GD_UD
    // GD_TSS0 and up: one per CPU, by gdt_set_tss
};

void
gdt_init()
{
    DescriptorTableRegister gdtr{sizeof(gdt) - 1, reinterpret_cast<uint32_t>(gdt)};
    asm volatile("lgdt %0" : : "m"(gdtr));
    // The kernel never uses %fs or %gs; user code may, so they hold user data segments.
    asm volatile("movw %%ax, %%gs" : : "a"(GD_UD | 3));
    asm volatile("movw %%ax, %%fs" : : "a"(GD_UD | 3));
    asm volatile("movw %%ax, %%es" : : "a"(GD_KD));
    asm volatile("movw %%ax, %%ds" : : "a"(GD_KD));
    asm volatile("movw %%ax, %%ss" : : "a"(GD_KD));
    // A far jump reloads %cs.
    asm volatile("ljmp %0, $1f\n 1:\n" : : "i"(GD_KT));
    asm volatile("lldt %w0" : : "r"(0));
}

void
gdt_set_tss(int cpu_id, const TaskState& ts)
{
    gdt[(GD_TSS0 >> 3) + cpu_id] = make_segment(STS_T32A, reinterpret_cast<uint32_t>(&ts),
                                                sizeof(TaskState) - 1, 0, true, true);
}
