// Kernel entry. The boot loader jumps to _start (a physical address) with paging
// off. We turn paging on with a static page directory that maps the low 16 MiB
// of physical memory both at 0 (so the next instruction still runs) and at
// KERNBASE (where the kernel is linked), then jump up and call i386_init.

#include <inc/memlayout.h>
#include <kern/boot_paging.h>

// Boot-time mapping: 4 large (4 MiB) pages at KERNBASE, one identity page at 0.
#define BOOT_MAP_PAGES (BOOT_MAP_SIZE / PTSIZE)
#define BOOT_PDE_FLAGS (PTE_P | PTE_W | PTE_PS)

// First in the kernel's text (kern/kernel.ld): `entry` is where the text
// starts for kerninfo and the backtrace tables.
.section .text.entry, "ax", @progbits
.globl _start
_start = RELOC(entry)

// A Multiboot header (Multiboot spec 0.6.96, section 3.1) in the file's first
// 8 KiB lets QEMU load this kernel itself (`-kernel`, through fw_cfg DMA)
// instead of the boot sector reading it a word at a time: the grade harness
// boots that way except in lab 1, whose subject is the boot sector
// (grade/Makefrag). The address fields (flag bit 16) make QEMU copy only the
// image up to edata, straight from the file: not the embedded programs, which
// are most of it and come from fw_cfg when a program starts
// (kern/programs.cpp), and not the BSS, which the kernel zeroes itself (a
// zero bss_end_addr). Following the ELF program headers instead cost each boot
// four copies of everything.
#define MULTIBOOT_MAGIC 0x1BADB002
#define MULTIBOOT_FLAGS 0x00010000
.p2align 2
.globl multiboot_header
multiboot_header:
    .long   MULTIBOOT_MAGIC
    .long   MULTIBOOT_FLAGS
    .long   -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)
    .long   RELOC(multiboot_header)     // header_addr
    .long   RELOC(multiboot_header)     // load_addr: the image starts here (kern/kernel.ld)
    .long   RELOC(edata)                // load_end_addr
    .long   0                           // bss_end_addr
    .long   RELOC(entry)                // entry_addr

.globl entry
entry:
    enable_boot_paging

    // Still running at a low address; an indirect jump moves us above KERNBASE.
    mov     $relocated, %eax
    jmp     *%eax
relocated:
    // A zero frame pointer ends the backtrace's walk up the stack.
    movl    $0x0, %ebp
    movl    $bootstacktop, %esp
    call    i386_init
1:  hlt                     // i386_init does not return
    jmp     1b

.data

// The boot page directory, built by the assembler: entry 0 and the entries for
// [KERNBASE, KERNBASE + 16 MiB) map physical [0, 16 MiB) with 4 MiB pages.
.p2align PGSHIFT
.globl entry_pgdir
entry_pgdir:
    .long   0 + BOOT_PDE_FLAGS
    .fill   (KERNBASE >> PDXSHIFT) - 1, 4, 0
    .set    i, 0
    .rept   BOOT_MAP_PAGES
    .long   (i * PTSIZE) + BOOT_PDE_FLAGS
    .set    i, i + 1
    .endr
    .fill   NPDENTRIES - (KERNBASE >> PDXSHIFT) - BOOT_MAP_PAGES, 4, 0

// The boot CPU's first kernel stack.
.p2align PGSHIFT
.globl bootstack
bootstack:
    .space  KSTKSIZE
.globl bootstacktop
bootstacktop:

.section .note.GNU-stack, "", @progbits
