// A page-fault handler that reports the fault and destroys its environment.

#include <inc/lib.h>

static void
handler(UTrapframe* utf)
{
    cprintf("i faulted at va %x, err %x\n", utf->utf_fault_va, utf->utf_err & 7);
    sys_env_destroy(sys_getenvid());
}

// Not checked by make SANITIZE=1 for misaligned pointers: the fault is the point.
[[gnu::no_sanitize("alignment")]] void
umain(int, char**)
{
    set_pgfault_handler(handler);
    volatile uintptr_t address = 0xDeadBeef;
    *reinterpret_cast<volatile int*>(address) = 0;
}
