// A page-fault upcall in the kernel: the kernel must not run it.

#include <inc/lib.h>

// Not checked by make SANITIZE=1 for null pointers: the fault is the point.
[[gnu::no_sanitize("null")]] void
umain(int, char**)
{
    sys_page_alloc(0, reinterpret_cast<void*>(UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W);
    sys_env_set_pgfault_upcall(0, reinterpret_cast<void (*)()>(0xF0100020));
    volatile uintptr_t address = 0;
    *reinterpret_cast<volatile int*>(address) = 0;
}
