// System calls that manage an environment's memory, the exokernel way: the
// library OS decides what goes where; the kernel only checks it is allowed.

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/syscall.h>

[[maybe_unused]] static bool
user_page_ok(uintptr_t va)
{
    return va < UTOP && va % PGSIZE == 0;
}

// Maps a new zeroed page at va in envid (replacing what was there).
// Errors: bad_env, inval (va or perm), no_mem.
Error
sys_page_alloc(const SyscallContext& ctx, envid_t envid, uintptr_t va, uint32_t perm)
{
    // LAB 4: BEGIN SOLUTION
    // HINT: map a zeroed page at va in envid with perm. Errors: bad_env (envid2env), inval (va
    //       not a page below UTOP, perm_ok), no_mem (free the page if page_insert fails).
    //       Exercise 7, doc/labs/lab4.md.
    Result<Env*> r = envid2env(envid, &ctx.caller, EnvPerm::self_or_child);
    if (!r.ok())
        return r.error();
    if (!user_page_ok(va) || !perm_ok(perm))
        return Error::inval;
    PageInfo* pp = page_alloc(ALLOC_ZERO);
    if (pp == nullptr)
        return Error::no_mem;
    if (page_insert(r.value()->env_pgdir, pp, VirtAddr(va), perm) != Error::ok) {
        page_free(pp);
        return Error::no_mem;
    }
    return Error::ok;
    // LAB 4: STUB
    // NOT_IMPLEMENTED(4, ctx, envid, va, perm);
    // LAB 4: END SOLUTION
}

// Maps the page at srcva in srcenvid at dstva in dstenvid too. Errors: bad_env,
// inval (either va, srcva unmapped, perm, or write access to a read-only page), no_mem.
Error
sys_page_map(const SyscallContext& ctx, envid_t srcenvid, uintptr_t srcva, envid_t dstenvid,
             uintptr_t dstva, uint32_t perm)
{
    // LAB 4: BEGIN SOLUTION
    // HINT: map the page at srcva in srcenvid at dstva in dstenvid. Errors: bad_env, inval (vas,
    //       perm, srcva unmapped, PTE_W asked for a read-only page), no_mem. Exercise 7,
    //       doc/labs/lab4.md.
    Result<Env*> src = envid2env(srcenvid, &ctx.caller, EnvPerm::self_or_child);
    if (!src.ok())
        return src.error();
    Result<Env*> dst = envid2env(dstenvid, &ctx.caller, EnvPerm::self_or_child);
    if (!dst.ok())
        return dst.error();
    if (!user_page_ok(srcva) || !user_page_ok(dstva) || !perm_ok(perm))
        return Error::inval;
    pte_t* pte;
    PageInfo* pp = page_lookup(src.value()->env_pgdir, VirtAddr(srcva), &pte);
    if (pp == nullptr || ((perm & PTE_W) && !(*pte & PTE_W)))
        return Error::inval;
    return page_insert(dst.value()->env_pgdir, pp, VirtAddr(dstva), perm);
    // LAB 4: STUB
    // NOT_IMPLEMENTED(4, ctx, srcenvid, srcva, dstenvid, dstva, perm);
    // LAB 4: END SOLUTION
}

// Unmaps the page at va in envid (no error if nothing is mapped). Errors: bad_env, inval.
Error
sys_page_unmap(const SyscallContext& ctx, envid_t envid, uintptr_t va)
{
    // LAB 4: BEGIN SOLUTION
    // HINT: unmap va in envid (page_remove). Errors: bad_env, inval. Exercise 7, doc/labs/lab4.md.
    Result<Env*> r = envid2env(envid, &ctx.caller, EnvPerm::self_or_child);
    if (!r.ok())
        return r.error();
    if (!user_page_ok(va))
        return Error::inval;
    page_remove(r.value()->env_pgdir, VirtAddr(va));
    return Error::ok;
    // LAB 4: STUB
    // NOT_IMPLEMENTED(4, ctx, envid, va);
    // LAB 4: END SOLUTION
}
