// Kernel entry points for traps, interrupts and system calls. Each builds a
// Trapframe (inc/trap.h) on the kernel stack and calls into C++.
//
// On entry from user mode the CPU has switched to the kernel stack from the
// TSS and pushed ss, esp, eflags, cs, eip and, for some exceptions, an error
// code. The stubs push a 0 where the CPU pushes no error code, then the trap
// number, so every frame has the same shape.

#include <inc/mmu.h>
#include <inc/trap.h>
#include <kern/gdt.h>

// Each stub also records (vector, address) in a table trap_init reads.
.macro HANDLER name, num, pushes_error_code
.section .text.hot, "ax", @progbits // with the KERNEL_HOT functions (inc/hot_path.h)
.globl \name
.type \name, @function
.p2align 2
\name:
.if \pushes_error_code == 0
    pushl   $0
.endif
    pushl   $\num
    jmp     _alltraps
.pushsection .rodata.traptable, "a"
    .long   \num, \name
.popsection
.endm

.pushsection .rodata.traptable, "a"
.p2align 2
.globl trap_handler_table
trap_handler_table:
.popsection

HANDLER trap_divide, T_DIVIDE, 0
HANDLER trap_debug, T_DEBUG, 0
HANDLER trap_nmi, T_NMI, 0
HANDLER trap_brkpt, T_BRKPT, 0
HANDLER trap_oflow, T_OFLOW, 0
HANDLER trap_bound, T_BOUND, 0
HANDLER trap_illop, T_ILLOP, 0
HANDLER trap_device, T_DEVICE, 0
HANDLER trap_dblflt, T_DBLFLT, 1
HANDLER trap_tss, T_TSS, 1
HANDLER trap_segnp, T_SEGNP, 1
HANDLER trap_stack, T_STACK, 1
HANDLER trap_gpflt, T_GPFLT, 1
HANDLER trap_pgflt, T_PGFLT, 1
HANDLER trap_fperr, T_FPERR, 0
HANDLER trap_align, T_ALIGN, 1
HANDLER trap_mchk, T_MCHK, 0
HANDLER trap_simderr, T_SIMDERR, 0
HANDLER trap_syscall, T_SYSCALL, 0

// Hardware interrupts 0-15 arrive at IRQ_OFFSET + n; 17 and 19 come from the local APIC.
.irp irq, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 19
HANDLER trap_irq\irq, (IRQ_OFFSET + \irq), 0
.endr

.pushsection .rodata.traptable, "a"
.globl trap_handler_table_end
trap_handler_table_end:
.popsection

// Common tail: finish the Trapframe and call trap(tf), which never returns.
.section .text.hot, "ax", @progbits
_alltraps:
    pushl   %ds
    pushl   %es
    pushal
    cld                     // the kernel's string operations count upwards, whatever the user set
    movw    $GD_KD, %ax
    movw    %ax, %ds
    movw    %ax, %es
    // A user's ebp is no frame of the kernel's: from user mode the kernel's
    // frame chain starts here (kern/stack_walk.h). A trap from the kernel
    // keeps its ebp, so a backtrace goes on through the code that trapped.
    testb   $3, TF_CS(%esp)
    jz      1f
    xorl    %ebp, %ebp
1:  pushl   %esp            // the Trapframe* argument
    call    trap
1:  jmp     1b

// env_pop_tf(const Trapframe* tf): the reverse of the above, ending in iret.
.globl env_pop_tf
.type env_pop_tf, @function
env_pop_tf:
    movl    4(%esp), %esp
    popal
    popl    %es
    popl    %ds
    addl    $8, %esp        // trap number and error code
    iret

// The sysenter entry. The CPU loaded cs = GD_KT, ss = GD_KD and esp = this
// CPU's kernel stack top from the SYSENTER MSRs, and cleared IF. The library's
// stub (lib/syscall.cpp) passes the call in eax, edx, ecx, ebx, edi, esi as for
// int $0x30, and in ebp its stack pointer, where it pushed the return address.
// We build the same Trapframe as a trap; sysenter_trap fills in eip and esp
// after checking that the user stack is readable.
//
// Speed matters here (it is the path make bench compares with int $0x30), and
// under emulation every segment register load and popf is costly (inc/hot_path.h):
//  - The user's flat data segment (GD_UD | 3: base 0, 4 GiB) serves the kernel
//    as well, so ds and es are reloaded only if the user changed them.
//  - The stub declares the flags clobbered, so the return does not restore
//    them (sysenter_trap takes the iret path if the kernel changed eflags).
.globl sysenter_entry
.type sysenter_entry, @function
.p2align 4
sysenter_entry:
    pushl   $(GD_UD | 3)    // tf_ss
    pushl   %ebp            // tf_esp, fixed up in sysenter_trap
    pushfl                  // tf_eflags
    pushl   $(GD_UT | 3)    // tf_cs
    pushl   $0              // tf_eip, read from the user stack in sysenter_trap
    pushl   $0              // tf_err
    pushl   $T_SYSCALL      // tf_trapno
    pushl   %ds
    pushl   %es
    pushal
    cld
    movl    %ds, %eax
    cmpl    $(GD_UD | 3), %eax
    jne     1f
    movl    %es, %eax
    cmpl    $(GD_UD | 3), %eax
    je      2f
1:  movw    $GD_KD, %ax
    movw    %ax, %ds
    movw    %ax, %es
2:  xorl    %ebp, %ebp      // the kernel's frame chain starts here (the user's ebp is saved)
    pushl   %esp
    call    sysenter_trap
    // Fast return to the same environment from its env_tf (which sysenter_trap
    // returned): restore its registers, then sysexit resumes at edx with
    // esp = ecx (the stub treats both as clobbered, so they are free for
    // reloading the segment registers first). Interrupts stay off until then,
    // so nothing else runs on this borrowed stack.
    movl    %eax, %esp
    popal
    movl    0(%esp), %ecx   // tf_es
    movl    %es, %edx
    cmpl    %ecx, %edx
    je      3f
    movw    %cx, %es
3:  movl    4(%esp), %ecx   // tf_ds
    movl    %ds, %edx
    cmpl    %ecx, %edx
    je      4f
    movw    %cx, %ds
4:  addl    $16, %esp       // es, ds, trap number, error code: esp -> tf_eip
    movl    0(%esp), %edx   // tf_eip
    movl    12(%esp), %ecx  // tf_esp
    sti                     // takes effect after sysexit: no interrupt on this stack
    sysexit

.section .note.GNU-stack, "", @progbits
