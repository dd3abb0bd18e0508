// Sets a page-fault upcall but no exception stack: the kernel cannot push the
// fault and must destroy the environment.

#include <inc/lib.h>

// Not checked by make SANITIZE=1 for null pointers: the fault is the point.
[[gnu::no_sanitize("null")]] void
umain(int, char**)
{
    sys_env_set_pgfault_upcall(0, _pgfault_upcall);
    volatile uintptr_t address = 0;
    *reinterpret_cast<volatile int*>(address) = 0;
}
