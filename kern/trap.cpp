// The interrupt descriptor table and trap dispatch: every entry into the kernel
// from an interrupt, exception or int $0x30 system call goes through trap().

#include <kern/console.h>
#include <kern/cpu.h>
#include <kern/e1000_wait.h>
#include <kern/env.h>
#include <kern/kstats.h>
#include <kern/lapic.h>
#include <kern/spinlock.h>
#include <kern/monitor.h>
#include <kern/monitor_idle.h>
#include <kern/pic.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/syscall.h>
#include <kern/time.h>
#include <kern/trap.h>
#include <kern/tlb_shootdown.h>
#include <inc/stdio.h>
#include <inc/x86.h>

static GateDescriptor idt[256];
const Trapframe* last_tf;

extern "C" {
struct TrapHandlerEntry {
    uint32_t vector;
    void (*handler)();
};
extern const TrapHandlerEntry trap_handler_table[], trap_handler_table_end[];
}

void
trap_init()
{
    // LAB 3: BEGIN SOLUTION
    // HINT: one IDT gate per trap_handler_table entry (kern/trapentry.S), kernel code segment,
    //       interrupt gates (interrupts stay off in the kernel); DPL 3 only for T_BRKPT and
    //       T_SYSCALL, so user `int` on other vectors faults. Exercise 4, doc/labs/lab3.md.
    for (const TrapHandlerEntry* t = trap_handler_table; t < trap_handler_table_end; t++) {
        // User code may raise only breakpoints and system calls with `int`;
        // `int` on any other vector is a general protection fault.
        uint8_t dpl = (t->vector == T_BRKPT || t->vector == T_SYSCALL) ? 3 : 0;
        // Interrupt gates for everything: the kernel runs with interrupts off.
        idt[t->vector] = make_gate(false, GD_KT, reinterpret_cast<uint32_t>(t->handler), dpl);
    }
    // LAB 3: STUB
    // NOT_IMPLEMENTED(3);
    // LAB 3: END SOLUTION
    trap_init_percpu();
}

void
trap_init_percpu()
{
    CpuInfo* cpu = thiscpu;
    // LAB 4: BEGIN SOLUTION
    // HINT: per-CPU state: each CPU has its own TSS, kernel stack kstacktop(i) and GDT slot
    //       GD_TSS0 + 8*i; i is this CPU's cpu_id. Exercise 3, doc/labs/lab4.md.
    int i = cpu->cpu_id;
    // LAB 4: STUB
    // if (cpu != bootcpu)
    //     NOT_IMPLEMENTED(4);
    // int i = 0;
    // LAB 4: END SOLUTION
    cpu->cpu_ts.ts_esp0 = kstacktop(i);
    cpu->cpu_ts.ts_ss0 = GD_KD;
    cpu->cpu_ts.ts_iomb = sizeof(TaskState); // no I/O bitmap: IOPL alone decides port access
    gdt_set_tss(i, cpu->cpu_ts);
    asm volatile("ltr %w0" : : "r"(static_cast<uint16_t>(GD_TSS0 + 8 * i)));

    DescriptorTableRegister idtr{sizeof(idt) - 1, reinterpret_cast<uint32_t>(idt)};
    asm volatile("lidt %0" : : "m"(idtr));
    sysenter_init_percpu();
}

// Hands a user page fault to the environment's upcall: pushes a UTrapframe on
// the user exception stack (below the current frame if the fault happened on
// that stack already, leaving a word for the upcall's return trick) and points
// the environment at the upcall. Destroys the environment, with JOS's message,
// if the exception stack or the upcall is not usable.
[[maybe_unused]] static void
reflect_page_fault(Trapframe* tf, uint32_t fault_va)
{
    Env* e = curenv;
    uintptr_t utf_va;
    if (tf->tf_esp >= UXSTACKTOP - PGSIZE && tf->tf_esp < UXSTACKTOP)
        utf_va = tf->tf_esp - 4 - sizeof(UTrapframe);
    else
        utf_va = UXSTACKTOP - sizeof(UTrapframe);
    user_mem_assert(*e, utf_va, sizeof(UTrapframe), PTE_U | PTE_W);
    user_mem_assert(*e, e->env_pgfault_upcall, 1, PTE_U);

    // The environment's page directory is loaded: write through its mapping.
    auto* utf = reinterpret_cast<UTrapframe*>(utf_va);
    utf->utf_fault_va = fault_va;
    utf->utf_err = tf->tf_err;
    utf->utf_regs = tf->tf_regs;
    utf->utf_eip = tf->tf_eip;
    utf->utf_eflags = tf->tf_eflags;
    utf->utf_esp = tf->tf_esp;
    tf->tf_eip = e->env_pgfault_upcall;
    tf->tf_esp = utf_va;
}

static void
page_fault_handler(Trapframe* tf)
{
    uint32_t fault_va = rcr2();
    // LAB 3: BEGIN SOLUTION
    // HINT: a page fault in the kernel (CPL 0 in tf_cs) is a kernel bug: print the frame and
    //       panic. Exercise 9, doc/labs/lab3.md.
    if ((tf->tf_cs & 3) == 0) {
        print_trapframe(tf);
        panic("kernel page fault at va %08x ip %08x", fault_va, tf->tf_eip);
    }
    // LAB 3: STUB
    // NOT_IMPLEMENTED(3, tf);
    // LAB 3: END SOLUTION

    // LAB 4: BEGIN SOLUTION
    // HINT: if the environment has a page-fault upcall, push a UTrapframe on its exception stack
    //       (reflect_page_fault) and resume it there. Exercise 9, doc/labs/lab4.md.
    if (curenv->env_pgfault_upcall != 0) {
        reflect_page_fault(tf, fault_va);
        env_run(curenv);
    }
    // LAB 4: STUB
    // if (curenv->env_pgfault_upcall != 0)
    //     NOT_IMPLEMENTED(4);
    // LAB 4: END SOLUTION
    cprintf("[%08x] user fault va %08x ip %08x\n", curenv->env_id, fault_va, tf->tf_eip);
    print_trapframe(tf);
    env_destroy(curenv);
}

bool
interrupt_gates_present()
{
    auto present = [](uint32_t vector) { return (idt[vector].gd_type_attr & 0x80) != 0; };
    for (uint32_t irq = 0; irq < 16; irq++)
        if (!present(IRQ_OFFSET + irq))
            return false;
    return present(IRQ_OFFSET + IRQ_WAKEUP) && present(IRQ_OFFSET + IRQ_ERROR);
}

// For an interrupt whose handler will not run (the environment it
// interrupted is being freed, or it woke the monitor's halt): a local APIC
// interrupt still needs its EOI, or its vector stays in service and masks
// every interrupt of its priority and below on this CPU (the timer, wake-ups
// and TLB shootdowns) for good.
void
acknowledge_unhandled_interrupt(const Trapframe* tf)
{
    switch (tf->tf_trapno) {
    case IRQ_OFFSET + IRQ_TIMER:
        time_tick();
        lapic_eoi();
        break;
    case IRQ_OFFSET + IRQ_WAKEUP:
    case IRQ_OFFSET + IRQ_ERROR:
        lapic_eoi();
        break;
    default:
        break; // exceptions, system calls, and the 8259's (auto-EOI) device interrupts
    }
}

KERNEL_HOT static void
trap_dispatch(Trapframe* tf)
{
    switch (tf->tf_trapno) {
    case T_PGFLT:
        page_fault_handler(tf);
        return;
    // LAB 3: BEGIN SOLUTION
    // HINT: breakpoints go to the monitor (monitor_user_trap from user mode), system calls to
    //       syscall_from_registers (kern/syscall.h: eax = number, edx ecx ebx edi esi = arguments).
    //       Exercises 5-7, doc/labs/lab3.md.
    case T_BRKPT:
    case T_DEBUG:
        // From user mode: the monitor, with the other CPUs still running, or
        // the environment's end (+usertrap=destroy). Either way the machine
        // goes on. (In the kernel: a kernel bug, examined in the monitor.)
        if ((tf->tf_cs & 3) == 3)
            monitor_user_trap(tf);
        else
            monitor(tf);
        return;
    case T_SYSCALL:
        syscall_from_registers(SyscallContext{*curenv, SyscallPath::int30}, tf->tf_regs);
        return;
    // LAB 3: STUB
    // case T_BRKPT:
    // case T_DEBUG:
    // case T_SYSCALL:
    //     NOT_IMPLEMENTED(3);
    // LAB 3: END SOLUTION
    case IRQ_OFFSET + IRQ_TIMER:
        // Preemption: the running environment's time slice is over.
        time_tick();
        lapic_eoi();
        sched_yield();
    case IRQ_OFFSET + IRQ_WAKEUP:
        // Another CPU made something runnable that should run here now.
        lapic_eoi();
        sched_yield();
    // LAB 5: BEGIN SOLUTION
    // HINT: keyboard and serial interrupts: kbd_intr and serial_intr fill the console buffer.
    //       Exercise 9, doc/labs/lab5.md.
    case IRQ_OFFSET + IRQ_KBD:
        kbd_intr();
        return;
    case IRQ_OFFSET + IRQ_SERIAL:
        serial_intr();
        return;
    // LAB 5: STUB
    // case IRQ_OFFSET + IRQ_KBD:
    // case IRQ_OFFSET + IRQ_SERIAL:
    //     // Ignored until lab 5: the typed characters wait in the device until
    //     // cons_getc polls for them, so earlier labs' tests that type at the
    //     // monitor while a program runs still pass (doc/labs.md).
    //     return;
    // LAB 5: END SOLUTION
    case IRQ_OFFSET + IRQ_ERROR:
        cprintf("CPU %d: local APIC error\n", cpunum());
        lapic_eoi();
        return;
    case IRQ_OFFSET + IRQ_SPURIOUS:
        // The interrupt controller may signal a spurious interrupt; there is nothing to do.
        cprintf("Spurious interrupt on irq 7\n");
        print_trapframe(tf);
        return;
    default:
        if (e1000_is_interrupt(tf->tf_trapno)) { // the network card (lab 6; kern/e1000_wait.h)
            e1000_interrupt(*tf);
            return;
        }
        if (pic_spurious_irq(tf->tf_trapno -
                             IRQ_OFFSET)) // (its line dropped before the CPU answered)
            return;
        break;
    }
    print_trapframe(tf);
    if ((tf->tf_cs & 3) == 0)
        panic("unhandled trap in kernel");
    env_destroy(curenv);
}

KERNEL_HOT void
trap(Trapframe* tf)
{
    // The environment may have set the direction flag; C++ code assumes it clear.
    asm volatile("cld" ::: "cc");

    // Once a CPU has panicked, the others stop here.
    if (kernel_panicked())
        for (;;)
            halt();

    // An idle CPU (sched_halt) woke up: it gave up the kernel lock to idle.
    // It stays CPU_HALTED until it holds the lock again, so that shootdowns
    // asked of it meanwhile are not waited for (tlb_shootdown): it flushes
    // before it uses any translation. (Only this CPU writes its status.)
    if (__atomic_load_n(&thiscpu->cpu_status, __ATOMIC_ACQUIRE) == CPU_HALTED) {
        idle_cpu_wakeup(tf); // (returns unless a monitor keeps the lock: then back to sleep)
        lock_kernel();
        __atomic_store_n(&thiscpu->cpu_status, CPU_STARTED, __ATOMIC_RELEASE);
        tlb_flush_if_asked();
    }
    // Interrupt gates keep interrupts off in the kernel.
    assert(!(read_eflags() & FL_IF));
    kstats_count_trap(tf->tf_trapno);
    monitor_wakeup(tf); // (returns unless the interrupt woke a halted monitor)

    // A user single-stepping into sysenter: the CPU takes the debug trap at
    // the first kernel instruction. Drop the trap flag and carry on with the call.
    if (tf->tf_trapno == T_DEBUG && (tf->tf_cs & 3) == 0 &&
        tf->tf_eip == reinterpret_cast<uintptr_t>(sysenter_entry)) {
        tf->tf_eflags &= ~FL_TF;
        env_pop_tf(tf);
    }

    // Exceptions are worth a line, but not system calls and device interrupts,
    // nor page faults an environment handles itself (copy-on-write): too frequent.
    bool user_handles_it = tf->tf_trapno == T_PGFLT && (tf->tf_cs & 3) == 3 && curenv != nullptr &&
                           curenv->env_pgfault_upcall != 0;
    if (tf->tf_trapno < IRQ_OFFSET && !user_handles_it)
        cprintf("Incoming TRAP frame at %p\n", tf);
    tlb_flush_if_asked();

    if ((tf->tf_cs & 3) == 3) {
        // From user mode: take the big kernel lock (kern/spinlock.h), and keep
        // the registers in the Env, so that a switch to another environment
        // and back resumes this one where it was.
        lock_kernel();
        assert(curenv != nullptr);
        if (curenv->env_status == ENV_DYING) {
            acknowledge_unhandled_interrupt(tf);
            env_free(curenv);
            curenv = nullptr;
            sched_yield();
        }
        curenv->env_tf = *tf;
        tf = &curenv->env_tf;
    }
    last_tf = tf;
    trap_dispatch(tf);

    // Resume the environment if it is still running here; otherwise pick another.
    if (curenv != nullptr && curenv->env_status == ENV_RUNNING)
        env_run(curenv);
    sched_yield();
}
