// Segmentation: the global descriptor table, the per-CPU task state segments,
// and the interrupt descriptor table's gate format. FlexJOS uses flat segments;
// segmentation matters only for privilege levels and the kernel stack on traps.
#pragma once

#include <kern/kernel.h>
#include <inc/memlayout.h> // the selectors, GD_*
#include <inc/types.h>

#ifndef __ASSEMBLER__

// A segment descriptor (Intel SDM vol. 3, 3.4.5), built from base, limit and flags.
struct SegmentDescriptor {
    uint64_t raw;
};

constexpr SegmentDescriptor
make_segment(uint32_t type, uint32_t base, uint32_t limit, uint32_t dpl, bool system = false,
             bool byte_granular = false)
{
    uint64_t lim = byte_granular ? limit : (limit >> 12);
    uint64_t d = 0;
    d |= lim & 0xFFFF;
    d |= static_cast<uint64_t>(base & 0xFFFFFF) << 16;
    d |= static_cast<uint64_t>(type & 0xF) << 40;
    d |= static_cast<uint64_t>(system ? 0 : 1) << 44; // S: code/data (1) or system (0)
    d |= static_cast<uint64_t>(dpl & 3) << 45;
    d |= 1ull << 47; // present
    d |= ((lim >> 16) & 0xF) << 48;
    d |= static_cast<uint64_t>(system ? 0 : 1) << 54;        // 32-bit segment
    d |= static_cast<uint64_t>(byte_granular ? 0 : 1) << 55; // 4 KiB granularity
    d |= static_cast<uint64_t>(base >> 24) << 56;
    return SegmentDescriptor{d};
}

// A task state segment (Intel SDM vol. 3, 7.2.1). The CPU reads ss0:esp0 from
// it when a trap raises the privilege level; the rest is unused here.
struct TaskState {
    uint32_t ts_link;
    uint32_t ts_esp0;
    uint16_t ts_ss0, ts_padding1;
    uint32_t ts_esp1;
    uint16_t ts_ss1, ts_padding2;
    uint32_t ts_esp2;
    uint16_t ts_ss2, ts_padding3;
    uint32_t ts_cr3, ts_eip, ts_eflags;
    uint32_t ts_eax, ts_ecx, ts_edx, ts_ebx, ts_esp, ts_ebp, ts_esi, ts_edi;
    uint16_t ts_es, ts_padding4, ts_cs, ts_padding5, ts_ss, ts_padding6;
    uint16_t ts_ds, ts_padding7, ts_fs, ts_padding8, ts_gs, ts_padding9;
    uint16_t ts_ldt, ts_padding10;
    uint16_t ts_t;    // trap on task switch
    uint16_t ts_iomb; // I/O permission bitmap offset; past the limit means no bitmap
};
static_assert(sizeof(TaskState) == 104);

// An interrupt or trap gate (Intel SDM vol. 3, 6.11).
struct GateDescriptor {
    uint16_t gd_off_15_0;
    uint16_t gd_sel;
    uint8_t gd_args;
    uint8_t gd_type_attr; // type (4 bits), 0, DPL (2 bits), present
    uint16_t gd_off_31_16;
};
static_assert(sizeof(GateDescriptor) == 8);

// trap gates leave interrupts enabled; interrupt gates clear IF. dpl is the
// privilege level that may use `int` on the vector.
constexpr GateDescriptor
make_gate(bool trap_gate, uint16_t selector, uint32_t offset, uint8_t dpl)
{
    return GateDescriptor{static_cast<uint16_t>(offset & 0xFFFF), selector, 0,
                          static_cast<uint8_t>((trap_gate ? 0xF : 0xE) | (dpl << 5) | 0x80),
                          static_cast<uint16_t>(offset >> 16)};
}

// What lgdt and lidt load: a descriptor table's size and address.
struct [[gnu::packed]] DescriptorTableRegister {
    uint16_t limit; // size in bytes, minus one
    uint32_t base;
};

// Loads the GDT and reloads every segment register with flat kernel segments.
void gdt_init();
// Writes CPU cpu_id's TSS descriptor into its slot, GD_TSS0 + 8 * cpu_id.
void gdt_set_tss(int cpu_id, const TaskState& ts);

#endif
