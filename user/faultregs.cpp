// Checks that a page fault handled in user space preserves every register:
// the UTrapframe must hold the registers at the faulting instruction, and
// after the handler returns they must all be back.

#include <inc/lib.h>
#include <inc/mmu.h>

// Values the registers hold at the fault (ebp and esp are the program's own).
static constexpr uint32_t EAX = 0x1a1a1a1a, EBX = 0x2b2b2b2b, ECX = 0x3c3c3c3c, EDX = 0x4d4d4d4d,
                          ESI = 0x5e5e5e5e, EDI = 0x6f6f6f6f, EBP = 0x70707070;

extern "C" {
// Written by the assembly below.
uint32_t regs_esp_before, regs_esp_after, regs_eflags_after;
PushRegs regs_after;
void faulting_instruction();
}

static bool
regs_match(const PushRegs& r)
{
    return r.reg_eax == EAX && r.reg_ebx == EBX && r.reg_ecx == ECX && r.reg_edx == EDX &&
           r.reg_esi == ESI && r.reg_edi == EDI && r.reg_ebp == EBP;
}

static void
print_regs(const char* where, const PushRegs& r)
{
    cprintf("%s: eax %08x ebx %08x ecx %08x edx %08x esi %08x edi %08x ebp %08x\n", where,
            r.reg_eax, r.reg_ebx, r.reg_ecx, r.reg_edx, r.reg_esi, r.reg_edi, r.reg_ebp);
}

static void
handler(UTrapframe* utf)
{
    bool ok = regs_match(utf->utf_regs) &&
              utf->utf_eip == reinterpret_cast<uintptr_t>(faulting_instruction) &&
              utf->utf_esp == regs_esp_before && (utf->utf_eflags & FL_CF) &&
              utf->utf_fault_va == UTEMP;
    if (ok) {
        cprintf("Registers in UTrapframe OK\n");
    } else {
        cprintf("Registers in UTrapframe MISMATCH\n");
        print_regs("in UTrapframe", utf->utf_regs);
        cprintf("eip %08x esp %08x eflags %08x va %08x\n", utf->utf_eip, utf->utf_esp,
                utf->utf_eflags, utf->utf_fault_va);
    }
    // Map the page, so the faulting store succeeds when it runs again.
    int r = sys_page_alloc(0, reinterpret_cast<void*>(UTEMP), PTE_P | PTE_U | PTE_W);
    if (r < 0)
        panic("sys_page_alloc: %e", r);
}

void
umain(int, char**)
{
    set_pgfault_handler(handler);
    asm volatile("pushl %%ebp\n\t"
                 "movl %%esp, regs_esp_before\n\t"
                 "movl %[eax], %%eax\n\t"
                 "movl %[ebx], %%ebx\n\t"
                 "movl %[ecx], %%ecx\n\t"
                 "movl %[edx], %%edx\n\t"
                 "movl %[esi], %%esi\n\t"
                 "movl %[edi], %%edi\n\t"
                 "movl %[ebp], %%ebp\n\t"
                 "stc\n" // a flag to look for (mov does not touch flags)
                 ".globl faulting_instruction\n"
                 "faulting_instruction:\n\t"
                 "movl $42, %c[utemp]\n\t" // UTEMP is unmapped: this faults
                 "pushfl\n\t"
                 "popl regs_eflags_after\n\t"
                 "movl %%esp, regs_esp_after\n\t"
                 "movl %%eax, regs_after+28\n\t"
                 "movl %%ebx, regs_after+16\n\t"
                 "movl %%ecx, regs_after+24\n\t"
                 "movl %%edx, regs_after+20\n\t"
                 "movl %%esi, regs_after+4\n\t"
                 "movl %%edi, regs_after+0\n\t"
                 "movl %%ebp, regs_after+8\n\t"
                 "popl %%ebp"
                 :
                 : [eax] "i"(EAX), [ebx] "i"(EBX), [ecx] "i"(ECX), [edx] "i"(EDX), [esi] "i"(ESI),
                   [edi] "i"(EDI), [ebp] "i"(EBP), [utemp] "i"(UTEMP)
                 : "eax", "ebx", "ecx", "edx", "esi", "edi", "cc", "memory");

    if (regs_match(regs_after) && regs_esp_after == regs_esp_before &&
        (regs_eflags_after & FL_CF) && *reinterpret_cast<volatile uint32_t*>(UTEMP) == 42) {
        cprintf("Registers after page-fault OK\n");
    } else {
        cprintf("Registers after page-fault MISMATCH\n");
        print_regs("after", regs_after);
        cprintf("esp %08x (was %08x) eflags %08x\n", regs_esp_after, regs_esp_before,
                regs_eflags_after);
    }
}
