// x86 paging and segmentation: the bit layouts the MMU defines (Intel SDM vol. 3, ch. 3-4).
#pragma once

#include <inc/types.h>

// A 32-bit linear address under 2-level paging:
//
// +--------10------+-------10-------+---------12----------+
// | Page Directory |   Page Table   | Offset within Page  |
// |      Index     |      Index     |                     |
// +----------------+----------------+---------------------+
//  \--- PDX(la) --/ \--- PTX(la) --/ \---- PGOFF(la) ----/

#define PGSIZE 4096                  // bytes mapped by a page
#define PGSHIFT 12                   // log2(PGSIZE)
#define PTSIZE (PGSIZE * NPTENTRIES) // bytes mapped by a page directory entry: 4 MiB
#define PTSHIFT 22                   // log2(PTSIZE)
#define NPDENTRIES 1024              // page directory entries per page directory
#define NPTENTRIES 1024              // page table entries per page table
#define PTXSHIFT 12
#define PDXSHIFT 22

// Page table / directory entry flags.
#define PTE_P 0x001   // present
#define PTE_W 0x002   // writeable
#define PTE_U 0x004   // user-accessible
#define PTE_PWT 0x008 // write-through
#define PTE_PCD 0x010 // cache-disable
#define PTE_A 0x020   // accessed
#define PTE_D 0x040   // dirty
#define PTE_PS 0x080  // page size: a directory entry maps 4 MiB directly
#define PTE_G 0x100   // global: not flushed from the TLB on a CR3 load
// The three bits the hardware leaves to software; user environments may set them.
#define PTE_AVAIL 0xE00
// A software bit the kernel sets on pages no child may get a copy of (a FlexSC
// syscall page): fork and spawn leave them out.
#define PTE_NOCOPY 0x200
// Only these flags may be passed to system calls.
#define PTE_SYSCALL (PTE_AVAIL | PTE_P | PTE_W | PTE_U)

// Control register bits.
#define CR0_PE 0x00000001 // protection enable
#define CR0_MP 0x00000002 // monitor coprocessor
#define CR0_EM 0x00000004 // emulation
#define CR0_TS 0x00000008 // task switched
#define CR0_ET 0x00000010 // extension type
#define CR0_NE 0x00000020 // numeric error
#define CR0_WP 0x00010000 // write protect: the kernel honours read-only pages too
#define CR0_AM 0x00040000 // alignment mask
#define CR0_NW 0x20000000 // not write-through
#define CR0_CD 0x40000000 // cache disable
#define CR0_PG 0x80000000 // paging

#define CR4_PSE 0x00000010 // page size extensions: 4 MiB pages
#define CR4_PGE 0x00000080 // global pages

// Page fault error code bits.
#define FEC_PR 0x1 // the fault was a protection violation (else: page not present)
#define FEC_WR 0x2 // the fault was a write
#define FEC_U 0x4  // the fault happened in user mode

// EFLAGS bits.
#define FL_CF 0x00000001
#define FL_TF 0x00000100 // trap flag: single step
#define FL_NT 0x00004000 // nested task: iret returns to the previous task
#define FL_IF 0x00000200 // interrupt enable
#define FL_IOPL_MASK 0x00003000
#define FL_IOPL_0 0x00000000
#define FL_IOPL_3 0x00003000
#define FL_VM 0x00020000 // virtual-8086 mode
// What sys_env_set_trapframe lets a user set: CF PF AF ZF SF TF DF OF.
#define FL_USER_SETTABLE 0x00000DD5

// Segment type bits (application segments).
#define STA_X 0x8 // executable
#define STA_W 0x2 // writeable (data)
#define STA_R 0x2 // readable (code)

// System segment types.
#define STS_T32A 0x9 // available 32-bit TSS
#define STS_IG32 0xE // 32-bit interrupt gate
#define STS_TG32 0xF // 32-bit trap gate

#ifdef __ASSEMBLER__

// A null segment descriptor, and one for a flat 4 GiB segment of the given type,
// for GDTs written in assembly (boot sector, AP startup).
#define SEG_NULL_ASM                                                                               \
    .word 0, 0;                                                                                    \
    .byte 0, 0, 0, 0
#define SEG_FLAT_ASM(type)                                                                         \
    .word 0xffff, 0x0000;                                                                          \
    .byte 0x00, (0x90 | (type)), 0xcf, 0x00

#else

constexpr uint32_t
PDX(uintptr_t la)
{
    return (la >> PDXSHIFT) & 0x3FF;
}

constexpr uint32_t
PTX(uintptr_t la)
{
    return (la >> PTXSHIFT) & 0x3FF;
}

constexpr uint32_t
PGOFF(uintptr_t la)
{
    return la & 0xFFF;
}

constexpr uintptr_t
PGADDR(uint32_t pdx, uint32_t ptx, uint32_t offset)
{
    return (pdx << PDXSHIFT) | (ptx << PTXSHIFT) | offset;
}

// The physical address a page table or directory entry points to.
constexpr physaddr_t
PTE_ADDR(uint32_t pte)
{
    return pte & ~0xFFFu;
}

using pte_t = uint32_t;
using pde_t = uint32_t;

#endif
