// Monitor commands about the kernel itself: where it is, and how it got here.

#include <inc/assert.h>
#include <kern/kdebug.h>
#include <kern/monitor.h>
#include <kern/stack_walk.h>
#include <kern/user_debug.h>
#include <inc/memlayout.h>
#include <inc/stdio.h>
#include <inc/x86.h>

extern "C" {
extern const char _start[], entry[], etext[], edata[], end[];
}

static uintptr_t
addr(const char* symbol)
{
    return reinterpret_cast<uintptr_t>(symbol);
}

int
mon_kerninfo(int, char**, Trapframe*)
{
    cprintf("Special kernel symbols:\n");
    cprintf("  _start                  %08x (phys)\n", addr(_start));
    cprintf("  entry  %08x (virt)  %08x (phys)\n", addr(entry), addr(entry) - KERNBASE);
    cprintf("  etext  %08x (virt)  %08x (phys)\n", addr(etext), addr(etext) - KERNBASE);
    cprintf("  edata  %08x (virt)  %08x (phys)\n", addr(edata), addr(edata) - KERNBASE);
    cprintf("  end    %08x (virt)  %08x (phys)\n", addr(end), addr(end) - KERNBASE);
    cprintf("Kernel executable memory footprint: %uKB\n", (addr(end) - addr(entry) + 1023) / 1024);
    return 0;
}

// Walks the chain of saved frame pointers (kern/stack_walk.h), from this
// function's frame up to the outermost one: entry.S starts the chain with
// ebp = 0, and a trap entry from user mode starts it afresh (the user's own
// chain is walked after it, kern/mon_user_backtrace.cpp).
int
mon_backtrace(int, char**, Trapframe* tf)
{
    // LAB 1: BEGIN SOLUTION
    // HINT: print "Stack backtrace:", then per frame its ebp, eip and five argument words, then the
    //       file:line: function+offset of eip - 1 (debuginfo_eip). Each frame holds the caller's
    //       ebp at [ebp] and the return address at [ebp+4] (FrameWalk in kern/stack_walk.h).
    //       Exercise 3, doc/labs/lab1.md.
    cprintf("Stack backtrace:\n");
    FrameWalk walk(read_ebp());
    for (StackFrame f; walk.next(f);) {
        cprintf("  ebp %08x  eip %08x  args %08x %08x %08x %08x %08x\n", f.ebp, f.eip, f.args[0],
                f.args[1], f.args[2], f.args[3], f.args[4]);
        // eip is a return address; eip - 1 is inside the call, so the line shown is
        // the call's (as gdb shows it), even when the call ends its function.
        EipDebugInfo info;
        debuginfo_eip(f.eip - 1, info);
        cprintf("         %s:%d: %.*s+%u\n", info.file, info.line, info.fn_namelen, info.fn_name,
                f.eip - info.fn_addr);
    }
    // LAB 1: STUB
    // NOT_IMPLEMENTED(1);
    // LAB 1: END SOLUTION
    // At a user breakpoint or panic, the trapped program's frames follow.
    if (tf != nullptr)
        backtrace_user(*tf);
    return 0;
}
