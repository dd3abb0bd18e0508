// The virtual memory map every environment shares. Kernel and user code agree on it here only.
#pragma once

#include <inc/mmu.h>

//  Virtual address                                  Permissions
//                                                   kernel/user
//
//  4 GiB ---------> +------------------------------+
//                   |  All of physical memory,     |  RW/--
//                   |  mapped 1:1 from 0           |
//                   :              .               :
//   KERNBASE, ----> +------------------------------+ 0xf0000000      --+
//   KSTACKTOP       |     CPU0's kernel stack      |  RW/--  KSTKSIZE  |
//                   | - - - - - - - - - - - - - - -|                   |
//                   |  unmapped guard (KSTKGAP)    |  --/--  KSTKGAP   |
//                   +------------------------------+                   |
//                   |     CPU1's kernel stack      |  RW/--  KSTKSIZE  |
//                   | - - - - - - - - - - - - - - -|                 PTSIZE
//                   |  unmapped guard (KSTKGAP)    |  --/--  KSTKGAP   |
//                   +------------------------------+                   |
//                   :              .               :                   |
//                   | FlexSC threads' stacks, each |  RW/--            |
//                   | a page over an unmapped one  |                   |
//   MMIOLIM ------> +------------------------------+ 0xefc00000      --+
//                   |  Memory-mapped I/O (LAPIC)   |  RW/--  PTSIZE
//   ULIM, MMIOBASE> +------------------------------+ 0xef800000
//                   |  Current page table (UVPT)   |  R-/R-  PTSIZE
//   UVPT ---------> +------------------------------+ 0xef400000
//                   |  PageInfo array (pages)      |  R-/R-  PTSIZE
//   UPAGES -------> +------------------------------+ 0xef000000
//                   |  Env array (envs)            |  R-/R-  PTSIZE
//   UTOP, UENVS --> +------------------------------+ 0xeec00000
//   UXSTACKTOP      |  User exception stack        |  RW/RW  PGSIZE
//                   +------------------------------+ 0xeebff000
//                   |  Empty guard page            |  --/--  PGSIZE
//   USTACKTOP ----> +------------------------------+ 0xeebfe000
//                   |  Normal user stack           |  RW/RW  PGSIZE
//                   +------------------------------+ 0xeebfd000
//                   :              .               :
//   THREAD_STACKS   |  User-level threads' stacks  |  (inc/uthread.h)
//                   +------------------------------+ 0xe0000000
//   FDTABLE ------> |  File descriptor table       |  (inc/fsipc.h)
//                   +------------------------------+ 0xd0000000
//                   :              .               :
//   FLEXSC_DEFAULT_VA  FlexSC syscall page         |  RW/RW  PGSIZE
//                   +------------------------------+ 0xbeef0000
//   FLEXSC_CLIENT_VA|  FlexSC client state         |  RW/RW  PGSIZE, not copied by fork
//                   +------------------------------+ 0xbeeef000
//                   :              .               :
//   DISKMAP ------> |  The file server's disk      |  (its own, inc/fsipc.h)
//                   +------------------------------+ 0x10000000
//                   :              .               :
//                   |  Program data and heap       |
//   UTEXT --------> +------------------------------+ 0x00800000
//   PFTEMP -------> |  Page-fault handler scratch  |  PTSIZE
//                   |                              |
//   UTEMP --------> +------------------------------+ 0x00400000      --+
//                   |  Empty                       |                 PTSIZE
//   0 ------------> +------------------------------+                 --+
//
// Everything at or above ULIM belongs to the kernel; [UTOP, ULIM) is readable
// by users but not writeable; below UTOP is the environment's own.

// Global descriptor numbers (selectors), as in JOS; user selectors are used
// with RPL 3. The user sees them in its trap frames.
#define GD_KT 0x08   // kernel text
#define GD_KD 0x10   // kernel data
#define GD_UT 0x18   // user text
#define GD_UD 0x20   // user data
#define GD_TSS0 0x28 // task state segment of CPU 0; CPU i's is GD_TSS0 + 8*i

#define KERNBASE 0xF0000000

// Physical memory the kernel treats specially.
#define IOPHYSMEM 0x0A0000   // start of the ISA I/O hole (VGA, BIOS ROMs)
#define EXTPHYSMEM 0x100000  // start of extended memory; the kernel is loaded here
#define MPENTRY_PADDR 0x7000 // application processors start here in real mode
// How much of physical memory kern/entry.S's boot page directory maps at
// KERNBASE; the kernel uses nothing above it until mem_init loads kern_pgdir.
#define BOOT_MAP_SIZE (4 * PTSIZE)

// Kernel stacks: one per CPU, each with an unmapped guard below it so that an overflow faults.
#define KSTACKTOP KERNBASE
#define KSTKSIZE (8 * PGSIZE)
#define KSTKGAP (8 * PGSIZE)

#define MMIOLIM (KSTACKTOP - PTSIZE)
#define MMIOBASE (MMIOLIM - PTSIZE)
#define ULIM MMIOBASE

// User read-only mappings of kernel structures.
#define UVPT (ULIM - PTSIZE)
#define UPAGES (UVPT - PTSIZE)
#define UENVS (UPAGES - PTSIZE)

// Top of user-writeable memory.
#define UTOP UENVS
#define UXSTACKTOP UTOP
#define USTACKTOP (UTOP - 2 * PGSIZE)

// Where the library OS maps a FlexSC syscall page unless told otherwise, and
// the page below it, its client state (lib/flexsc.cpp).
#define FLEXSC_DEFAULT_VA 0xBEEF0000
#define FLEXSC_CLIENT_VA (FLEXSC_DEFAULT_VA - PGSIZE)

#define UTEXT (2 * PTSIZE)
#define UTEMP (PTSIZE)
#define PFTEMP (UTEMP + PTSIZE - PGSIZE)
#define USTABDATA (PTSIZE / 2)

#ifndef __ASSEMBLER__
// One per physical page, in the `pages` array the kernel also maps read-only at
// UPAGES. A page is free iff it is on the free list, and then pp_ref == 0.
struct PageInfo {
    PageInfo* pp_link; // next page on the free list (kernel use only)
    uint16_t pp_ref;   // mappings of this page plus kernel references (0 for boot_alloc'd pages)
    uint16_t pp_reserved;
};
static_assert(sizeof(PageInfo) == 8);

static_assert(ULIM == 0xEF800000);
static_assert(UVPT == 0xEF400000);
static_assert(UPAGES == 0xEF000000);
static_assert(UTOP == 0xEEC00000);
static_assert(USTACKTOP == 0xEEBFE000);
static_assert(PFTEMP == 0x007FF000);
static_assert(FLEXSC_CLIENT_VA == 0xBEEEF000);
#endif
