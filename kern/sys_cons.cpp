// Console system calls.

#include <kern/console.h>
#include <kern/pmap.h>
#include <kern/syscall.h>
#include <inc/stdio.h>

// Prints len bytes at s. A bad pointer from a trap destroys the caller (JOS);
// from FlexSC it is an error in the entry. Errors: inval (len over CPUTS_MAX), fault.
Error
sys_cputs(const SyscallContext& ctx, uintptr_t s, size_t len)
{
    // LAB 3: BEGIN SOLUTION
    // HINT: check that the user may read [s, s+len) (user_mem_check); if not, user_mem_fail
    //       and Error::fault. Exercise 9, doc/labs/lab3.md.
    if (!user_mem_check(ctx.caller, s, len, PTE_U)) {
        user_mem_fail(ctx, s, len);
        return Error::fault;
    }
    // LAB 3: STUB
    // NOT_IMPLEMENTED(3, ctx, s, len);
    // LAB 3: END SOLUTION
    // Checked second: a bad pointer is JOS's destroy, whatever its length.
    if (len > CPUTS_MAX)
        return Error::inval;
    // In one piece: another CPU's output never lands inside it.
    console_write(reinterpret_cast<const char*>(s), len);
    return Error::ok;
}

// Returns a waiting input character, or 0 if none (never blocks).
Result<int32_t>
sys_cgetc()
{
    return cons_getc();
}
