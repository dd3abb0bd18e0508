// Checking user pointers against an environment's page tables before the kernel uses them.

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/syscall.h>
#include <kern/user_ptr.h>
#include <inc/stdio.h>

uintptr_t user_mem_check_addr;

// What a user access to va may do, as the MMU decides it: U and W count only
// when both the directory entry and the table entry grant them. The table entry
// alone is not enough: inside the UVPT window the "table entry" is one of the
// env's own (writable) directory entries, mapped read-only by the directory.
[[maybe_unused]] KERNEL_HOT static uint32_t
effective_perm(pde_t* pgdir, uintptr_t va)
{
    pde_t pde = pgdir[PDX(va)];
    if (!(pde & PTE_P))
        return 0;
    pte_t* pte = pgdir_walk(pgdir, VirtAddr(va), false);
    if (pte == nullptr)
        return 0;
    return *pte & (pde | ~(PTE_U | PTE_W));
}

KERNEL_HOT bool
user_mem_check(const Env& env, uintptr_t va, size_t len, uint32_t perm)
{
    // LAB 3: BEGIN SOLUTION
    // HINT: true if every page of [va, va+len) is below ULIM and allows perm|PTE_P
    //       (effective_perm); else false with user_mem_check_addr = the first bad address.
    //       Exercise 9, doc/labs/lab3.md.
    perm |= PTE_P;
    uint64_t end = static_cast<uint64_t>(va) + len;
    for (uint64_t a = round_down(va, PGSIZE); a < end; a += PGSIZE) {
        uintptr_t page = static_cast<uintptr_t>(a);
        if (a >= ULIM || (effective_perm(env.env_pgdir, page) & perm) != perm) {
            user_mem_check_addr = max(page, va);
            return false;
        }
    }
    return true;
    // LAB 3: STUB
    // NOT_IMPLEMENTED(3, env, va, len, perm);
    // LAB 3: END SOLUTION
}

// JOS's reaction to a bad pointer: the message, then the environment's end
// (no return when env is the current environment).
static void
destroy_for_bad_pointer(Env& env)
{
    cprintf("[%08x] user_mem_check assertion failure for va %08x\n", env.env_id,
            user_mem_check_addr);
    env_destroy(&env);
}

void
user_mem_assert(Env& env, uintptr_t va, size_t len, uint32_t perm)
{
    if (!user_mem_check(env, va, len, perm))
        destroy_for_bad_pointer(env);
}

Error
user_pointer_fault(const SyscallContext& ctx)
{
    // A posted entry reports the fault in the entry: the caller did not trap,
    // and its other entries and threads go on. A trap keeps JOS's rule.
    if (!ctx.posted())
        destroy_for_bad_pointer(ctx.caller);
    return Error::fault;
}
