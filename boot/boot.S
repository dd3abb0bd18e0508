// Boot sector, part 1: the BIOS loads this sector to 0x7c00 and jumps here in
// 16-bit real mode with %cs:%ip = 0:7c00. We switch to 32-bit protected mode
// with flat segments and call bootmain (boot/main.cpp), which loads the kernel.

#include <inc/mmu.h>

.set CODE_SEL, 0x08       // selector of the code segment in boot_gdt
.set DATA_SEL, 0x10       // selector of the data segment in boot_gdt

.code16
.globl start
start:
    cli                     // no BIOS interrupts from here on
    cld
    xorw    %ax, %ax
    movw    %ax, %ds
    movw    %ax, %es
    movw    %ax, %ss

    // Open the A20 gate through the "fast A20" bit of System Control Port A (0x92),
    // so that addresses above 1 MiB do not wrap around.
    inb     $0x92, %al
    orb     $0x02, %al
    andb    $0xfe, %al      // bit 0 would reset the machine
    outb    %al, $0x92

    // Protected mode: load the GDT, set CR0.PE, and reload %cs with a far jump.
    lgdt    boot_gdt_desc
    movl    %cr0, %eax
    orl     $CR0_PE, %eax
    movl    %eax, %cr0
    ljmp    $CODE_SEL, $protected_mode

.code32
protected_mode:
    movw    $DATA_SEL, %ax
    movw    %ax, %ds
    movw    %ax, %es
    movw    %ax, %ss
    xorw    %ax, %ax
    movw    %ax, %fs
    movw    %ax, %gs
    movl    $start, %esp    // the stack grows down from just below this sector
    call    bootmain
spin:                       // bootmain returns only if the kernel could not be loaded
    hlt
    jmp     spin

// Flat 4 GiB code and data segments: segmentation becomes an identity map.
.p2align 2
boot_gdt:
    SEG_NULL_ASM
    SEG_FLAT_ASM(STA_X | STA_R)
    SEG_FLAT_ASM(STA_W)
boot_gdt_desc:
    .word   boot_gdt_desc - boot_gdt - 1
    .long   boot_gdt

.section .note.GNU-stack, "", @progbits
