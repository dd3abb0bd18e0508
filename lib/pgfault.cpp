// User-level page fault handling: the library registers lib/pfentry.S as the
// kernel's upcall and calls the program's handler from there.

#include <inc/lib.h>

// Called by lib/pfentry.S.
extern "C" {
PageFaultHandler _pgfault_handler;
}

// Sets the handler for page faults. The first call also gives the environment
// an exception stack and tells the kernel where the upcall is.
void
set_pgfault_handler(PageFaultHandler handler)
{
    if (_pgfault_handler == nullptr) {
        int r =
            sys_page_alloc(0, reinterpret_cast<void*>(UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W);
        if (r < 0)
            panic("set_pgfault_handler: no exception stack: %e", r);
        r = sys_env_set_pgfault_upcall(0, _pgfault_upcall);
        if (r < 0)
            panic("set_pgfault_handler: %e", r);
    }
    _pgfault_handler = handler;
}
