// fork and sfork, built in user space from exokernel system calls: the child
// gets copy-on-write mappings of the parent's pages (fork) or shares them
// (sfork), and a page-fault handler copies a COW page on the first write.

#include <inc/lib.h>
#include <inc/uthread.h>

extern "C" char perenv_start[], perenv_end[]; // user/user.ld

static bool
page_present(uintptr_t va)
{
    return (uvpd[PDX(va)] & PTE_P) && (uvpt[PGNUM(va)] & (PTE_P | PTE_U)) == (PTE_P | PTE_U);
}

// Pages a child never gets: the kernel marks a FlexSC syscall page PTE_NOCOPY,
// so the child's memory cannot alias the parent's page (or a copy of it).
static bool
copied_to_children(uintptr_t va)
{
    return !(uvpt[PGNUM(va)] & PTE_NOCOPY);
}

// Copies the copy-on-write page a write faulted on, and maps the copy writable.
static void
cow_fault(UTrapframe* utf)
{
    uintptr_t va = utf->utf_fault_va;
    // LAB 4: BEGIN SOLUTION
    // HINT: only a write (FEC_WR) to a PTE_COW page is ours: copy it to a new page at PFTEMP, map
    //       that over the faulting page writable, unmap PFTEMP. Exercise 12, doc/labs/lab4.md.
    if (!(utf->utf_err & FEC_WR) || !page_present(va) || !(uvpt[PGNUM(va)] & PTE_COW)) {
        panic("[%08x] unexpected page fault at va %08x (err %x, eip %08x)", sys_getenvid(), va,
              utf->utf_err, utf->utf_eip);
    }
    void* page = reinterpret_cast<void*>(round_down(va, PGSIZE));
    void* temp = reinterpret_cast<void*>(PFTEMP);
    int r = sys_page_alloc(0, temp, PTE_P | PTE_U | PTE_W);
    if (r < 0)
        panic("copy-on-write: no memory for a copy of %08x: %e", va, r);
    memcpy(temp, page, PGSIZE);
    if ((r = sys_page_map(0, temp, 0, page, PTE_P | PTE_U | PTE_W)) < 0)
        panic("copy-on-write: sys_page_map: %e", r);
    if ((r = sys_page_unmap(0, temp)) < 0)
        panic("copy-on-write: sys_page_unmap: %e", r);
    // LAB 4: STUB
    // NOT_IMPLEMENTED(4, va);
    // LAB 4: END SOLUTION
}

enum class Sharing { copy_on_write, shared };

// Gives child the page at va: shared pages (PTE_SHARE, or every page under
// sfork) keep their permissions; writable or COW ones become COW in both,
// the child first, so the parent's copy is never writable while the child's
// mapping still is; read-only ones are just mapped.
static int
duppage(envid_t child, uintptr_t va, Sharing sharing)
{
    // LAB 4: BEGIN SOLUTION
    // HINT: map the page at va into child: PTE_SHARE pages as they are, writable or COW pages
    //       copy-on-write in the child and then in the parent, others read-only. Exercise 12,
    //       doc/labs/lab4.md.
    void* addr = reinterpret_cast<void*>(va);
    pte_t pte = uvpt[PGNUM(va)];
    int perm = pte & PTE_SYSCALL;
    if ((pte & PTE_SHARE) || (sharing == Sharing::shared && !(pte & PTE_COW)))
        return sys_page_map(0, addr, child, addr, perm);
    if (pte & (PTE_W | PTE_COW)) {
        perm = (perm & ~PTE_W) | PTE_COW;
        int r = sys_page_map(0, addr, child, addr, perm);
        if (r < 0)
            return r;
        return sys_page_map(0, addr, 0, addr, perm);
    }
    return sys_page_map(0, addr, child, addr, perm);
    // LAB 4: STUB
    // NOT_IMPLEMENTED(4, child, va, sharing);
    // LAB 4: END SOLUTION
}

static bool
private_under_sfork(uintptr_t va)
{
    // The stack and the per-environment variables are copied, never shared.
    return (va >= USTACKTOP - PTSIZE && va < USTACKTOP) ||
           (va >= reinterpret_cast<uintptr_t>(perenv_start) &&
            va < reinterpret_cast<uintptr_t>(perenv_end));
}

static envid_t
make_child(Sharing sharing)
{
    set_pgfault_handler(cow_fault);
    envid_t child = sys_exofork();
    if (child < 0)
        return child;
    if (child == 0)
        return 0; // fork_common ends the fork for the child too

    int r = 0;
    for (uintptr_t va = 0; va < USTACKTOP && r >= 0; va += PGSIZE) {
        if (!(uvpd[PDX(va)] & PTE_P)) {
            va += PTSIZE - PGSIZE; // skip the whole empty 4 MiB region
            continue;
        }
        if (page_present(va) && copied_to_children(va)) {
            bool shared = sharing == Sharing::shared && !private_under_sfork(va);
            r = duppage(child, va, shared ? Sharing::shared : Sharing::copy_on_write);
        }
    }
    // The exception stack is never shared: the child gets a fresh one.
    if (r >= 0)
        r = sys_page_alloc(child, reinterpret_cast<void*>(UXSTACKTOP - PGSIZE),
                           PTE_P | PTE_U | PTE_W);
    if (r >= 0)
        r = sys_env_set_pgfault_upcall(child, _pgfault_upcall);
    if (r >= 0)
        r = sys_env_set_status(child, ENV_RUNNABLE);
    if (r < 0) {
        sys_env_destroy(child); // out of memory halfway: no half-made child stays behind
        return r;
    }
    return child;
}

static envid_t
fork_common(Sharing sharing)
{
    uthread_fork_begins();
    envid_t child = make_child(sharing);
    // In the child, before its first system call (which may be routed
    // through FlexSC): only the forking thread is left.
    uthread_fork_ends(child == 0);
    if (child == 0)
        thisenv = &envs[ENVX(sys_getenvid())];
    return child;
}

// Returns the child's id to the parent and 0 to the child, or a negative error
// (no_free_env, no_mem) with no child left behind.
envid_t
fork()
{
    return fork_common(Sharing::copy_on_write);
}

envid_t
sfork()
{
    return fork_common(Sharing::shared);
}
