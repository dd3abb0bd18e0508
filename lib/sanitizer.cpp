// The library OS's side of make SANITIZE=1 (inc/sanitizer.h): a failed check
// or a smashed stack ends only this environment, with its id in the message.

#include <inc/lib.h>
#include <inc/sanitizer.h>
#include <inc/x86.h>

// Any non-zero value until libmain calls stack_guard_init.
uint32_t __stack_chk_guard = 0x00c0ffee;

void
sanitizer_fail(const char* check, const char* file, uint32_t line, uint32_t column,
               const char* detail)
{
    cprintf("[%08x] UBSAN: %s at %s:%u:%u: %s\n", sys_getenvid(), check, file, line, column,
            detail);
    exit();
}

// The address reported is inside the call to here: in the function that
// overran (the call is often its last instruction, so the return address is not).
void
__stack_chk_fail()
{
    cprintf("[%08x] stack smashed: a buffer overran the frame of the function at %08x\n",
            sys_getenvid(), reinterpret_cast<uintptr_t>(__builtin_return_address(0)) - 1);
    exit();
}

// libmain calls this first. Entropy: the time stamp counter and the
// environment id. A forked child keeps its parent's canary (it runs on a copy
// of the parent's stack, whose frames hold that canary); a spawned program
// gets its own.
void
stack_guard_init()
{
    uint64_t tsc = read_tsc();
    uint32_t entropy = static_cast<uint32_t>(tsc) ^ static_cast<uint32_t>(tsc >> 32);
    __stack_chk_guard = stack_guard_from(entropy ^ static_cast<uint32_t>(sys_getenvid()));
}
