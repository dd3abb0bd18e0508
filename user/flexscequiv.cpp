// Every FlexSC wrapper must return exactly what the trap call returns for the
// same input, errors included. Each call is made both ways and compared.

#include <inc/lib.h>

static int calls, mismatches;

static void
compare(const char* what, int32_t by_trap, int32_t by_flexsc)
{
    calls++;
    if (by_trap != by_flexsc) {
        mismatches++;
        cprintf("flexscequiv: %s: trap %d, FlexSC %d\n", what, by_trap, by_flexsc);
    }
}

static int32_t
trap(Syscall n, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0, uint32_t a4 = 0, uint32_t a5 = 0)
{
    return syscall_via(syscall_default_path, static_cast<uint32_t>(n), a1, a2, a3, a4, a5);
}

static int32_t
flex(Syscall n, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0, uint32_t a4 = 0, uint32_t a5 = 0)
{
    return flexsc_reap(flexsc_post(n, a1, a2, a3, a4, a5));
}

static uint32_t
va(uint32_t page)
{
    return 0x10000000 + page * PGSIZE;
}

void
umain(int, char**)
{
    int r = flexsc_register();
    if (r < 0)
        panic("flexsc_register: %e", r);
    constexpr uint32_t RW = PTE_P | PTE_U | PTE_W, RO = PTE_P | PTE_U;
    constexpr uint32_t STRANGER = 0x7ffff3ff;

    static const char text[] = "flexscequiv: same text, both ways\n";
    compare("cputs", trap(Syscall::cputs, reinterpret_cast<uint32_t>(text), sizeof(text) - 1),
            flex(Syscall::cputs, reinterpret_cast<uint32_t>(text), sizeof(text) - 1));
    compare("cgetc", trap(Syscall::cgetc), flex(Syscall::cgetc));
    compare("getenvid", trap(Syscall::getenvid), flexsc_call(Syscall::getenvid));
    compare("env_destroy stranger", trap(Syscall::env_destroy, STRANGER),
            flexsc_call(Syscall::env_destroy, STRANGER));
    compare("unknown number", trap(static_cast<Syscall>(999)), flex(static_cast<Syscall>(999)));
    compare("number 0xffffffff", trap(static_cast<Syscall>(0xffffffff)),
            flex(static_cast<Syscall>(0xffffffff)));

    // page_alloc: success (each at its own page) and every error.
    compare("page_alloc", trap(Syscall::page_alloc, 0, va(0), RW),
            flexsc_call(Syscall::page_alloc, 0, reinterpret_cast<void*>(va(1)), RW));
    compare("page_alloc at UTOP", trap(Syscall::page_alloc, 0, UTOP, RW),
            flex(Syscall::page_alloc, 0, UTOP, RW));
    compare("page_alloc unaligned", trap(Syscall::page_alloc, 0, va(2) + 1, RW),
            flex(Syscall::page_alloc, 0, va(2) + 1, RW));
    compare("page_alloc perm without U", trap(Syscall::page_alloc, 0, va(2), PTE_P),
            flex(Syscall::page_alloc, 0, va(2), PTE_P));
    compare("page_alloc perm outside PTE_SYSCALL",
            trap(Syscall::page_alloc, 0, va(2), RW | PTE_PCD),
            flex(Syscall::page_alloc, 0, va(2), RW | PTE_PCD));
    compare("page_alloc stranger", trap(Syscall::page_alloc, STRANGER, va(2), RW),
            flex(Syscall::page_alloc, STRANGER, va(2), RW));

    // page_map and page_unmap.
    trap(Syscall::page_alloc, 0, va(10), RO);
    compare("page_map", trap(Syscall::page_map, 0, va(0), 0, va(3), RW),
            flexsc_call(Syscall::page_map, 0, reinterpret_cast<void*>(va(1)), 0,
                        reinterpret_cast<void*>(va(4)), RW));
    compare("page_map unmapped source", trap(Syscall::page_map, 0, va(20), 0, va(5), RW),
            flex(Syscall::page_map, 0, va(20), 0, va(5), RW));
    compare("page_map write to read-only", trap(Syscall::page_map, 0, va(10), 0, va(5), RW),
            flex(Syscall::page_map, 0, va(10), 0, va(5), RW));
    compare("page_map kernel source", trap(Syscall::page_map, 0, 0xf0100000, 0, va(5), RO),
            flex(Syscall::page_map, 0, 0xf0100000, 0, va(5), RO));
    compare("page_unmap", trap(Syscall::page_unmap, 0, va(3)),
            flexsc_call(Syscall::page_unmap, 0, reinterpret_cast<void*>(va(4))));
    compare("page_unmap unmapped", trap(Syscall::page_unmap, 0, va(30)),
            flex(Syscall::page_unmap, 0, va(30)));
    compare("page_unmap at UTOP", trap(Syscall::page_unmap, 0, UTOP),
            flex(Syscall::page_unmap, 0, UTOP));

    // Environment calls.
    compare("env_set_status bad status", trap(Syscall::env_set_status, 0, 7),
            flexsc_call(Syscall::env_set_status, 0, 7));
    compare("env_set_status stranger", trap(Syscall::env_set_status, STRANGER, ENV_RUNNABLE),
            flexsc_call(Syscall::env_set_status, STRANGER, ENV_RUNNABLE));
    compare("env_set_trapframe stranger", trap(Syscall::env_set_trapframe, STRANGER, va(0)),
            flex(Syscall::env_set_trapframe, STRANGER, va(0)));
    compare("env_set_pgfault_upcall", trap(Syscall::env_set_pgfault_upcall, 0, 0),
            flexsc_call(Syscall::env_set_pgfault_upcall, 0, nullptr));
    compare("env_set_pgfault_upcall stranger", trap(Syscall::env_set_pgfault_upcall, STRANGER, 0),
            flex(Syscall::env_set_pgfault_upcall, STRANGER, 0));
    compare("yield", trap(Syscall::yield), flexsc_call(Syscall::yield));

    // IPC without a receiver, and bad receive addresses.
    envid_t self = sys_getenvid();
    compare("ipc_try_send to self", trap(Syscall::ipc_try_send, self, 1, UTOP, 0),
            flexsc_call(Syscall::ipc_try_send, self, 1, nullptr, 0));
    compare("ipc_try_send stranger", trap(Syscall::ipc_try_send, STRANGER, 1, UTOP, 0),
            flex(Syscall::ipc_try_send, STRANGER, 1, UTOP, 0));
    compare("ipc_recv unaligned", trap(Syscall::ipc_recv, va(0) + 12),
            flex(Syscall::ipc_recv, va(0) + 12));

    uint32_t t1 = sys_time_msec(), t2 = flexsc_call(Syscall::time_msec), t3 = sys_time_msec();
    compare("time_msec ordered", 1, t1 <= t2 && t2 <= t3);

    // Calls with no trap equivalent result: documented differences.
    cprintf("flexscequiv: exofork through FlexSC: %e\n", flexsc_call(Syscall::exofork));
    cprintf("flexscequiv: flexsc_wait through FlexSC: %e\n", flex(Syscall::flexsc_wait));

    if (mismatches == 0)
        cprintf("flexscequiv: all %d calls agree\n", calls);
    else
        cprintf("flexscequiv: %d of %d calls differ\n", mismatches, calls);
}
