// The system call dispatcher: decode the number, call the handler, encode the result.

#include <kern/kstats.h>
#include <kern/syscall.h>

// Inlined into both entry points below: a call costs more than it saves under emulation.
[[gnu::always_inline]] static inline int32_t
run(const SyscallContext& ctx, uint32_t number, const uint32_t args[5])
{
    if (number >= static_cast<uint32_t>(Syscall::count))
        return to_int(Error::inval);

    // No default case: -Wswitch makes a forgotten handler a build error.
    switch (static_cast<Syscall>(number)) {
    case Syscall::cputs:
        return to_int(sys_cputs(ctx, args[0], args[1]));
    case Syscall::cgetc:
        return sys_cgetc();
    case Syscall::getenvid:
        return sys_getenvid(ctx);
    case Syscall::env_destroy:
        return to_int(sys_env_destroy(ctx, static_cast<envid_t>(args[0])));
    case Syscall::page_alloc:
        return to_int(sys_page_alloc(ctx, static_cast<envid_t>(args[0]), args[1], args[2]));
    case Syscall::page_map:
        return to_int(sys_page_map(ctx, static_cast<envid_t>(args[0]), args[1],
                                   static_cast<envid_t>(args[2]), args[3], args[4]));
    case Syscall::page_unmap:
        return to_int(sys_page_unmap(ctx, static_cast<envid_t>(args[0]), args[1]));
    case Syscall::exofork: {
        Result<envid_t> child = sys_exofork(ctx);
        return child.ok() ? child.value() : to_int(child.error());
    }
    case Syscall::env_set_status:
        return to_int(sys_env_set_status(ctx, static_cast<envid_t>(args[0]), args[1]));
    case Syscall::env_set_trapframe:
        return to_int(sys_env_set_trapframe(ctx, static_cast<envid_t>(args[0]), args[1]));
    case Syscall::env_set_pgfault_upcall:
        return to_int(sys_env_set_pgfault_upcall(ctx, static_cast<envid_t>(args[0]), args[1]));
    case Syscall::yield:
        sys_yield(ctx);
        return 0;
    case Syscall::ipc_try_send:
        return to_int(sys_ipc_try_send(ctx, static_cast<envid_t>(args[0]), args[1], args[2], args[3]));
    case Syscall::ipc_recv:
        return sys_ipc_recv(ctx, args[0]);
    case Syscall::time_msec:
        return sys_time_msec();
    case Syscall::flexsc_register:
        return to_int(sys_flexsc_register(ctx, args[0], args[1], args[2]));
    case Syscall::flexsc_wait:
        return sys_flexsc_wait(ctx, args[0]);
    case Syscall::kstats:
        return to_int(sys_kstats(ctx, args[0]));
    case Syscall::net_try_transmit:
        return to_int(sys_net_try_transmit(ctx, args[0], args[1]));
    case Syscall::net_try_receive:
        return sys_net_try_receive(ctx, args[0], args[1]);
    case Syscall::count:
        break;
    }
    return to_int(Error::inval);
}

KERNEL_HOT int32_t
syscall_dispatch(const SyscallContext& ctx, uint32_t number, const uint32_t args[5])
{
    kstats_count_syscall(number, ctx.path);
    return run(ctx, number, args);
}

KERNEL_HOT int32_t
syscall_run(const SyscallContext& ctx, uint32_t number, const uint32_t args[5])
{
    return run(ctx, number, args);
}

KERNEL_HOT void
syscall_from_registers(const SyscallContext& ctx, PushRegs& regs)
{
    const uint32_t args[5] = {regs.reg_edx, regs.reg_ecx, regs.reg_ebx, regs.reg_edi, regs.reg_esi};
    regs.reg_eax = static_cast<uint32_t>(syscall_dispatch(ctx, regs.reg_eax, args));
}
