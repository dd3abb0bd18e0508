// Monitor commands about the kernel itself: where it is, and how it got here.

#include <kern/kdebug.h>
#include <kern/monitor.h>
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

// Walks the chain of saved frame pointers. Each frame, from its base pointer up:
// [ebp] = caller's ebp, [ebp+4] = return address, [ebp+8...] = arguments.
// entry.S starts the chain with ebp = 0.
int
mon_backtrace(int, char**, Trapframe*)
{
    // LAB 1: BEGIN SOLUTION
    cprintf("Stack backtrace:\n");
    for (auto* ebp = reinterpret_cast<const uint32_t*>(read_ebp()); ebp != nullptr;
         ebp = reinterpret_cast<const uint32_t*>(ebp[0])) {
        uint32_t eip = ebp[1];
        cprintf("  ebp %08x  eip %08x  args %08x %08x %08x %08x %08x\n", addr(reinterpret_cast<const char*>(ebp)),
                eip, ebp[2], ebp[3], ebp[4], ebp[5], ebp[6]);
        // eip is a return address; eip - 1 is inside the call, so the line shown is
        // the call's (as gdb shows it), even when the call ends its function.
        EipDebugInfo info;
        debuginfo_eip(eip - 1, info);
        cprintf("         %s:%d: %.*s+%u\n", info.file, info.line, info.fn_namelen, info.fn_name,
                eip - info.fn_addr);
    }
    // LAB 1: END SOLUTION
    return 0;
}
