// The sysenter/sysexit fast system call path. Cheaper than int $0x30 because
// the CPU skips the IDT, the privilege checks of a gate and the stack switch
// through the TSS; the return with sysexit skips iret's checks.

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/syscall.h>
#include <kern/trap.h>
#include <inc/x86.h>

// Model-specific registers the sysenter instruction reads (Intel SDM vol. 3, 5.8.7).
static constexpr uint32_t MSR_SYSENTER_CS = 0x174;
static constexpr uint32_t MSR_SYSENTER_ESP = 0x175;
static constexpr uint32_t MSR_SYSENTER_EIP = 0x176;

static void
wrmsr(uint32_t msr, uint32_t value)
{
    asm volatile("wrmsr" : : "c"(msr), "a"(value), "d"(0));
}

void
sysenter_init_percpu()
{
    if (!cpu_has_sysenter())
        return;
    // sysenter loads cs from this MSR and ss = cs + 8; sysexit returns with
    // cs = MSR + 16 and ss = MSR + 24, both RPL 3: GD_KT, GD_KD, GD_UT, GD_UD in order.
    static_assert(GD_KD == GD_KT + 8 && GD_UT == GD_KT + 16 && GD_UD == GD_KT + 24);
    wrmsr(MSR_SYSENTER_CS, GD_KT);
    wrmsr(MSR_SYSENTER_ESP, kstacktop(cpunum()));
    wrmsr(MSR_SYSENTER_EIP, reinterpret_cast<uint32_t>(sysenter_entry));
}

// Returns the frame to return to user space from by sysexit (trapentry.S):
// the environment's own env_tf, which needs no copying back.
KERNEL_HOT const Trapframe*
sysenter_trap(Trapframe* tf)
{
    // Unlike a gate, sysenter keeps the user's nested-task flag, and with it
    // set the kernel's next iret would be a task return: clear it here.
    if (read_eflags() & FL_NT)
        asm volatile("pushfl; andl %0, (%%esp); popfl" : : "i"(~FL_NT) : "cc", "memory");
    lock_kernel(); // kern/spinlock.h
    Env* e = curenv;
    if (e->env_status == ENV_DYING) { // destroyed from another CPU meanwhile
        env_free(e);
        curenv = nullptr;
        sched_yield();
    }
    // The stub passed its stack pointer in ebp; its two words there are the
    // return address, then its saved ebp (lib/syscall.cpp).
    SyscallContext ctx(*e, SyscallPath::sysenter);
    UserPtr<const uint32_t> user_sp(tf->tf_regs.reg_ebp);
    Result<const uint32_t*> stack = user_sp.check(ctx, 2);
    if (!stack.ok())
        sched_yield(); // not reached for curenv: the check destroyed it
    tf->tf_eip = stack.value()[0];
    tf->tf_esp = user_sp.raw() + 4;
    tf->tf_eflags |= FL_IF; // sysenter cleared it; user code runs with it set
    uint32_t eflags = tf->tf_eflags;

    e->env_tf = *tf;
    last_tf = &e->env_tf;
    syscall_from_registers(ctx, e->env_tf.tf_regs);

    // Straight back with sysexit, unless the caller stopped running here, or
    // its flags changed (sysexit does not restore them; the stub treats only
    // the arithmetic ones as clobbered), or it is single-stepping (sysexit
    // would take the trap flag's trap in the kernel).
    if (curenv == e && e->env_status == ENV_RUNNING && e->env_tf.tf_eflags == eflags &&
        !(e->env_tf.tf_eflags & FL_TF)) {
        unlock_kernel();
        return &e->env_tf;
    }
    if (curenv != nullptr && curenv->env_status == ENV_RUNNING)
        env_run(curenv);
    sched_yield();
}
