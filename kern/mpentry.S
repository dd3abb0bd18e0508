// Application processor startup. boot_aps copies this code to MPENTRY_PADDR
// (0x7000); the STARTUP IPI starts the AP there in 16-bit real mode with
// %cs = 0x700, %ip = 0. Like the boot sector, it enters protected mode, then
// turns on paging with the boot page directory and calls mp_main on the stack
// boot_aps chose. Symbols are linked at high addresses: MPBOOTPHYS finds
// where they are in the copy.

#include <inc/memlayout.h>
#include <inc/mmu.h>
#include <kern/boot_paging.h>
#include <kern/gdt.h>
#define MPBOOTPHYS(s) ((s) - mpentry_start + MPENTRY_PADDR)

.set PROT_MODE_CSEG, 0x8
.set PROT_MODE_DSEG, 0x10

.code16
.globl mpentry_start
mpentry_start:
    cli
    xorw    %ax, %ax
    movw    %ax, %ds
    movw    %ax, %es
    movw    %ax, %ss

    lgdt    MPBOOTPHYS(gdtdesc)
    movl    %cr0, %eax
    orl     $CR0_PE, %eax
    movl    %eax, %cr0
    ljmpl   $(PROT_MODE_CSEG), $(MPBOOTPHYS(start32))

.code32
start32:
    movw    $(PROT_MODE_DSEG), %ax
    movw    %ax, %ds
    movw    %ax, %es
    movw    %ax, %ss
    movw    $0, %ax
    movw    %ax, %fs
    movw    %ax, %gs

    // The boot page directory maps this code at its physical address too.
    enable_boot_paging

    movl    mpentry_kstack, %esp
    movl    $0x0, %ebp      // ends backtraces
    movl    $mp_main, %eax
    call    *%eax
1:  jmp     1b

.p2align 2
gdt:
    SEG_NULL_ASM
    SEG_FLAT_ASM(STA_X | STA_R)
    SEG_FLAT_ASM(STA_W)
gdtdesc:
    .word   gdtdesc - gdt - 1
    .long   MPBOOTPHYS(gdt)

.globl mpentry_end
mpentry_end:
    nop

.section .note.GNU-stack, "", @progbits
