// Enters the kernel with a frame pointer aimed where the kernel must not
// follow it: into CPU 0's unmapped kernel-stack guard gap, and at the top of
// the address space (where [ebp+4] wraps to page 0). The kernel's stack walks
// (lock records, backtraces) must start afresh at each entry from user mode,
// so every way in below has to leave the kernel up: timer interrupts while
// the program spins, a system call, a fault, and a child whose registers its
// parent set, by trap and by a FlexSC entry.

#include <inc/lib.h>
#include <user/bench.h>

static constexpr uint32_t HOSTILE_EBPS[] = {KSTACKTOP - KSTKSIZE - PGSIZE, 0xfffffffc};

// A child's whole program, entered with the hostile ebp its parent gave it:
// spin through timer interrupts, then destroy itself by int $0x30 (eax = 3,
// env_destroy; edx = 0, itself). Plain instructions, no stack, no ebp.
asm(".text\n"
    ".p2align 6\n"
    ".globl hostile_child\n"
    "hostile_child:\n"
    "    movl $4000000, %ecx\n"
    "1:  decl %ecx\n"
    "    jnz 1b\n"
    "    movl $3, %eax\n"
    "    xorl %edx, %edx\n"
    "    int $0x30\n"
    "2:  jmp 2b\n");
extern "C" void hostile_child();
static_assert(static_cast<uint32_t>(Syscall::env_destroy) == 3);
static_assert(T_SYSCALL == 0x30);

static uint32_t
timer_interrupts()
{
    return kstats_now().traps[IRQ_OFFSET + IRQ_TIMER];
}

static void
spin_with_ebp(uint32_t ebp)
{
    uint32_t count = 2000000;
    asm volatile("pushl %%ebp\n\t"
                 "movl %1, %%ebp\n"
                 "1:\tdecl %0\n\t"
                 "jnz 1b\n\t"
                 "popl %%ebp"
                 : "+r"(count)
                 : "r"(ebp)
                 : "cc", "memory");
}

static envid_t
getenvid_with_ebp(uint32_t ebp)
{
    envid_t id;
    asm volatile("pushl %%ebp\n\t"
                 "movl %2, %%ebp\n\t"
                 "int %1\n\t"
                 "popl %%ebp"
                 : "=a"(id)
                 : "i"(T_SYSCALL), "r"(ebp), "a"(static_cast<uint32_t>(Syscall::getenvid))
                 : "cc", "memory");
    return id;
}

static void
fault_with_ebp(uint32_t ebp)
{
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        sys_env_set_pgfault_upcall(0, nullptr); // no handler: the kernel destroys it
        asm volatile("movl %0, %%ebp\n\t"
                     "movl 0, %%eax"
                     :
                     : "r"(ebp)
                     : "eax", "memory");
        exit();
    }
    wait(child);
}

// Starts a child running hostile_child with ebp set, through the trap path or
// through a FlexSC entry.
static void
start_child_with_ebp(uint32_t ebp, bool by_flexsc)
{
    envid_t child = sys_exofork();
    if (child < 0)
        panic("exofork: %e", child);
    if (child == 0)
        panic("the child runs hostile_child, never this");
    auto code = reinterpret_cast<uintptr_t>(hostile_child);
    for (uintptr_t page = round_down(code, PGSIZE); page < code + 64; page += PGSIZE) {
        void* va = reinterpret_cast<void*>(page);
        if (int r = sys_page_map(0, va, child, va, PTE_P | PTE_U); r < 0)
            panic("page_map: %e", r);
    }
    Trapframe tf{};
    tf.tf_eip = code;
    tf.tf_esp = USTACKTOP;
    tf.tf_regs.reg_ebp = ebp;
    int r = by_flexsc ? flexsc_call(Syscall::env_set_trapframe, child, &tf)
                      : sys_env_set_trapframe(child, &tf);
    if (r < 0)
        panic("set_trapframe: %e", r);
    if ((r = sys_env_set_status(child, ENV_RUNNABLE)) < 0)
        panic("set_status: %e", r);
    wait(child);
}

void
umain(int, char**)
{
    if (int r = flexsc_register(); r < 0)
        panic("flexsc_register: %e", r);
    for (uint32_t ebp : HOSTILE_EBPS) {
        // Spins in short rounds until a few timer interrupts came in (at most 5 s).
        uint32_t before = timer_interrupts();
        for (uint32_t start = sys_time_msec();
             timer_interrupts() - before < 3 && sys_time_msec() - start < 5000;)
            spin_with_ebp(ebp);
        cprintf("hostileebp: %08x: %u timer interrupts while spinning\n", ebp,
                timer_interrupts() - before);
        envid_t id = getenvid_with_ebp(ebp);
        cprintf("hostileebp: %08x: getenvid %s\n", ebp, id == thisenv->env_id ? "ok" : "wrong");
        fault_with_ebp(ebp);
        start_child_with_ebp(ebp, false);
        start_child_with_ebp(ebp, true);
        cprintf("hostileebp: %08x: children done\n", ebp);
    }
    cprintf("hostileebp: the kernel is still up\n");
}
