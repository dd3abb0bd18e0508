// Hostile flags on the sysenter path: sysenter keeps most of the user's
// EFLAGS in the kernel. With NT (nested task) set, the kernel's iret would
// be a task return; with TF (trap flag) set, the single-step trap comes at
// the first kernel instruction. The kernel must shrug off both. Then a frame
// for sys_env_set_trapframe with virtual-8086 mode, NT, I/O privilege and
// kernel segments: the environment must resume with none of them.

#include <inc/lib.h>
#include <inc/x86.h>

static void
set_flags(uint32_t flags)
{
    asm volatile("pushfl; orl %0, (%%esp); popfl" : : "r"(flags) : "cc", "memory");
}

static void
clear_flags(uint32_t flags)
{
    asm volatile("pushfl; andl %0, (%%esp); popfl" : : "r"(~flags) : "cc", "memory");
}

// The library's sysenter stub (lib/syscall.cpp), with TF set by the
// instruction just before sysenter: the single-step trap comes after sysenter,
// in the kernel. (Set any earlier, it would trap in user mode first: the
// monitor, by JOS's design for user debug traps.)
static envid_t
getenvid_stepping_into_sysenter()
{
    envid_t ret;
    asm volatile("pushl %%ebp\n\t"
                 "pushl $1f\n\t"
                 "movl %%esp, %%ebp\n\t"
                 "pushfl\n\t"
                 "orl $0x100, (%%esp)\n\t"
                 "popfl\n\t"
                 "sysenter\n"
                 "1:\tpopl %%ebp"
                 : "=a"(ret)
                 : "a"(static_cast<uint32_t>(Syscall::getenvid))
                 : "ecx", "edx", "cc", "memory");
    return ret;
}

alignas(16) static uint8_t landing_stack[PGSIZE];

[[noreturn]] static void
landed_from_set_trapframe()
{
    uint32_t flags = read_eflags();
    uint16_t cs;
    asm volatile("movw %%cs, %0" : "=r"(cs));
    bool safe = !(flags & (FL_VM | FL_NT | FL_IOPL_MASK)) && (flags & FL_IF) && cs == (GD_UT | 3);
    cprintf("badflags: env_set_trapframe with VM, NT, IOPL 3 and kernel segments: %s\n",
            safe ? "made safe" : "WRONG");
    exit();
}

// Setting one's own frame: the system call returns into it.
static void
set_hostile_trapframe()
{
    Trapframe tf;
    memset(&tf, 0, sizeof(tf));
    tf.tf_eip = reinterpret_cast<uintptr_t>(landed_from_set_trapframe);
    tf.tf_esp = reinterpret_cast<uintptr_t>(landing_stack + sizeof(landing_stack)) - 4;
    tf.tf_eflags = FL_VM | FL_NT | FL_IOPL_3 | FL_IF;
    tf.tf_cs = GD_KT;
    tf.tf_ds = tf.tf_es = tf.tf_ss = GD_KD;
    int r = sys_env_set_trapframe(0, &tf);
    cprintf("badflags: env_set_trapframe came back (%e): WRONG\n", r);
}

void
umain(int, char**)
{
    if (!(cpuid(1).edx & (1 << 11))) {
        cprintf("badflags: no sysenter on this CPU\n");
        return;
    }
    // sys_yield returns through iret (it switches environments), getenvid through sysexit.
    set_flags(FL_NT);
    syscall_via(SyscallPath::sysenter, static_cast<uint32_t>(Syscall::yield), 0, 0, 0, 0, 0);
    envid_t id =
        syscall_via(SyscallPath::sysenter, static_cast<uint32_t>(Syscall::getenvid), 0, 0, 0, 0, 0);
    clear_flags(FL_NT);
    cprintf("badflags: sysenter with NT set: %s\n", id == thisenv->env_id ? "survived" : "WRONG");

    id = getenvid_stepping_into_sysenter();
    cprintf("badflags: sysenter with TF set: %s\n", id == thisenv->env_id ? "survived" : "WRONG");

    set_hostile_trapframe();
}
