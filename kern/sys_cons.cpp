// Console system calls.

#include <kern/console.h>
#include <kern/syscall.h>
#include <inc/assert.h>
#include <inc/stdio.h>

// Prints len bytes at s. A bad pointer from a trap destroys the caller (JOS);
// from FlexSC it is an error in the entry. Errors: inval (len over CPUTS_MAX), fault.
Error
sys_cputs(const SyscallContext& ctx, UserPtr<const char> s, size_t len)
{
    // LAB 3: BEGIN SOLUTION
    // HINT: s.check(ctx, len) gives the text once the caller may read all of it (user_mem_check
    //       underneath; on a bad pointer it already destroyed a trap caller): return its error,
    //       then inval past CPUTS_MAX. Exercise 9, doc/labs/lab3.md.
    Result<const char*> text = s.check(ctx, len);
    if (!text.ok())
        return text.error();
    // Checked second: a bad pointer is JOS's destroy, whatever its length.
    if (len > CPUTS_MAX)
        return Error::inval;
    // In one piece: another CPU's output never lands inside it.
    console_write(text.value(), len);
    return Error::ok;
    // LAB 3: STUB
    // NOT_IMPLEMENTED(3, ctx, s, len);
    // LAB 3: END SOLUTION
}

// Returns a waiting input character, or 0 if none (never blocks).
Result<int32_t>
sys_cgetc()
{
    return cons_getc();
}
