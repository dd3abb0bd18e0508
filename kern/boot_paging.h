// For kern/entry.S and kern/mpentry.S only: the steps that turn paging on with
// the boot page directory, on the boot CPU and on every other CPU as it starts.
#pragma once

// Assembly, which clang-format would lay out as C++.
// clang-format off

#ifndef __ASSEMBLER__
#error "for assembly files only"
#endif

// The physical address of a kernel symbol, usable before paging is on.
#define RELOC(x) ((x) - KERNBASE)

// The boot page directory maps with 4 MiB pages, which need CR4.PSE (every
// i586 and later, and QEMU's and Bochs's default CPUs, have it); CR0.WP makes
// the kernel honour read-only pages too. Clobbers %eax.
.macro enable_boot_paging
    movl    %cr4, %eax
    orl     $CR4_PSE, %eax
    movl    %eax, %cr4
    movl    $(RELOC(entry_pgdir)), %eax
    movl    %eax, %cr3
    movl    %cr0, %eax
    orl     $(CR0_PE | CR0_PG | CR0_WP), %eax
    movl    %eax, %cr0
.endm
