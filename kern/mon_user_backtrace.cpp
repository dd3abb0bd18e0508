// The user half of the monitor's backtrace: the frames of the environment that
// trapped into the monitor, named from its program's tables (kern/user_debug.h).
// Every word comes from user memory the environment controls, so each is read
// only if mapped user-readable, and the walk must go up the stack.

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/user_debug.h>
#include <inc/stdio.h>
#include <inc/trap.h>

// A bound on a chain that never ends by itself (say a frame pointing to itself
// would be refused, but a long chain of increasing values would not).
static constexpr int MAX_USER_FRAMES = 64;

// Reads the word at va in env's memory if it is mapped with PTE_U.
static bool
read_user_word(const Env& env, uintptr_t va, uint32_t& word)
{
    if (va % 4 != 0 || va >= ULIM)
        return false;
    pte_t* pte = nullptr;
    PageInfo* pp = page_lookup(env.env_pgdir, VirtAddr(va), &pte);
    if (pp == nullptr || !(*pte & PTE_U))
        return false;
    word =
        *reinterpret_cast<const uint32_t*>(static_cast<const uint8_t*>(page2kva(pp)) + PGOFF(va));
    return true;
}

static void
print_user_frame(const Env& env, const UserDebugProgram* program, uintptr_t ebp, uintptr_t eip,
                 uintptr_t lookup_eip)
{
    uint32_t args[5] = {};
    for (int i = 0; i < 5; i++)
        read_user_word(env, ebp + 8 + 4 * i, args[i]);
    cprintf("  ebp %08x  eip %08x  args %08x %08x %08x %08x %08x\n", ebp, eip, args[0], args[1],
            args[2], args[3], args[4]);
    EipDebugInfo info;
    if (program == nullptr || !user_debuginfo_eip(*program, lookup_eip, info))
        return;
    if (info.line == 0) // library code: the tables have no lines for it
        cprintf("         %.*s+%u (library)\n", info.fn_namelen, info.fn_name, eip - info.fn_addr);
    else
        cprintf("         %s:%d: %.*s+%u\n", info.file, info.line, info.fn_namelen, info.fn_name,
                eip - info.fn_addr);
}

void
backtrace_user(const Trapframe& tf)
{
    if ((tf.tf_cs & 3) != 3 || curenv == nullptr)
        return;
    const Env& env = *curenv;
    const UserDebugProgram* program = user_debug_program(env);
    cprintf("User stack backtrace of env %08x (%s):\n", env.env_id,
            program != nullptr ? user_debug_name(*program) : "a program not built into the kernel");

    // The first frame is where the trap happened: a fault's eip is the
    // instruction itself, a breakpoint's the one after the int3. Each later
    // frame is a caller, named by its call (return address - 1).
    uintptr_t ebp = tf.tf_regs.reg_ebp;
    print_user_frame(env, program, ebp, tf.tf_eip,
                     tf.tf_trapno == T_BRKPT ? tf.tf_eip - 1 : tf.tf_eip);
    for (int n = 1; n < MAX_USER_FRAMES; n++) {
        uint32_t caller_ebp, ret;
        if (!read_user_word(env, ebp, caller_ebp) || !read_user_word(env, ebp + 4, ret))
            return;
        // lib/entry.S starts the chain with a zero frame: the bottom of the stack.
        if (ret == 0 || caller_ebp <= ebp)
            return;
        ebp = caller_ebp;
        print_user_frame(env, program, ebp, ret, ret - 1);
    }
}
