// Trap numbers and the trap frame: what the CPU and kern/trapentry.S push on the
// kernel stack when user code traps, and what the page-fault upcall receives.
#pragma once

#include <inc/types.h>

// Processor exceptions (Intel SDM vol. 3, table 6-1).
#define T_DIVIDE 0   // divide error
#define T_DEBUG 1    // debug exception
#define T_NMI 2      // non-maskable interrupt
#define T_BRKPT 3    // breakpoint
#define T_OFLOW 4    // overflow
#define T_BOUND 5    // bounds check
#define T_ILLOP 6    // illegal opcode
#define T_DEVICE 7   // device not available
#define T_DBLFLT 8   // double fault
#define T_TSS 10     // invalid task switch segment
#define T_SEGNP 11   // segment not present
#define T_STACK 12   // stack exception
#define T_GPFLT 13   // general protection fault
#define T_PGFLT 14   // page fault
#define T_FPERR 16   // floating point error
#define T_ALIGN 17   // alignment check
#define T_MCHK 18    // machine check
#define T_SIMDERR 19 // SIMD floating point error

#define T_SYSCALL 48  // system call (int $0x30)
#define T_DEFAULT 500 // catch-all

// Hardware interrupts arrive at IRQ_OFFSET + IRQ number.
#define IRQ_OFFSET 32
#define IRQ_TIMER 0
#define IRQ_KBD 1
#define IRQ_SERIAL 4
#define IRQ_SPURIOUS 7
#define IRQ_IDE 14
#define IRQ_WAKEUP 17 // an inter-processor interrupt: "schedule now" (kern/lapic.h)
#define IRQ_ERROR 19

// Offsets for kern/trapentry.S.
#define TF_REGS_SIZE 32
#define TF_ES 32
#define TF_DS 36
#define TF_TRAPNO 40
#define TF_ERR 44
#define TF_EIP 48
#define TF_CS 52
#define TF_EFLAGS 56
#define TF_ESP 60
#define TF_SS 64
#define TF_SIZE 68

#ifndef __ASSEMBLER__

// General registers in the order pushal pushes them (lowest address first).
struct PushRegs {
    uint32_t reg_edi;
    uint32_t reg_esi;
    uint32_t reg_ebp;
    uint32_t reg_oesp; // esp at pushal time: useless, ignored by popal
    uint32_t reg_ebx;
    uint32_t reg_edx;
    uint32_t reg_ecx;
    uint32_t reg_eax;
};

struct Trapframe {
    PushRegs tf_regs; // pushed by kern/trapentry.S
    uint16_t tf_es;
    uint16_t tf_padding1;
    uint16_t tf_ds;
    uint16_t tf_padding2;
    uint32_t tf_trapno;
    // From here down the CPU pushes (the error code only for some exceptions;
    // trapentry.S pushes a 0 for the others).
    uint32_t tf_err;
    uintptr_t tf_eip;
    uint16_t tf_cs;
    uint16_t tf_padding3;
    uint32_t tf_eflags;
    // Pushed only on a change of privilege level (a trap from user mode).
    uintptr_t tf_esp;
    uint16_t tf_ss;
    uint16_t tf_padding4;
};

static_assert(__is_standard_layout(Trapframe));
static_assert(sizeof(PushRegs) == TF_REGS_SIZE);
static_assert(offsetof(Trapframe, tf_es) == TF_ES);
static_assert(offsetof(Trapframe, tf_ds) == TF_DS);
static_assert(offsetof(Trapframe, tf_trapno) == TF_TRAPNO);
static_assert(offsetof(Trapframe, tf_err) == TF_ERR);
static_assert(offsetof(Trapframe, tf_eip) == TF_EIP);
static_assert(offsetof(Trapframe, tf_cs) == TF_CS);
static_assert(offsetof(Trapframe, tf_eflags) == TF_EFLAGS);
static_assert(offsetof(Trapframe, tf_esp) == TF_ESP);
static_assert(offsetof(Trapframe, tf_ss) == TF_SS);
static_assert(sizeof(Trapframe) == TF_SIZE);

// What the kernel pushes on the user exception stack for the page-fault upcall.
struct UTrapframe {
    uint32_t utf_fault_va; // the faulting address (cr2)
    uint32_t utf_err;
    PushRegs utf_regs;
    uintptr_t utf_eip;
    uint32_t utf_eflags;
    uintptr_t utf_esp; // the stack to return to
};
static_assert(sizeof(UTrapframe) == 52);
static_assert(offsetof(UTrapframe, utf_eip) == 40);
static_assert(offsetof(UTrapframe, utf_esp) == 48);

#endif
