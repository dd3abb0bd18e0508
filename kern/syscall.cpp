// The system call dispatcher: decode the number, call the handler, encode the result.

#include <kern/kstats.h>
#include <kern/syscall.h>

// The register value of a handler's outcome: a value (>= 0) or a negative Error.
// The only place a handler's Error or Result becomes a number.
static constexpr int32_t
register_value(Error e)
{
    return to_int(e);
}

template <typename T>
static constexpr int32_t
register_value(Result<T> r)
{
    return r.ok() ? static_cast<int32_t>(r.value()) : to_int(r.error());
}

// Inlined into both entry points below: a call costs more than it saves under emulation.
[[gnu::always_inline]] static inline int32_t
run(const SyscallContext& ctx, uint32_t number, const uint32_t args[5])
{
    if (number >= static_cast<uint32_t>(Syscall::count))
        return register_value(Error::inval);

    // No default case: -Wswitch makes a forgotten handler a build error.
    switch (static_cast<Syscall>(number)) {
    case Syscall::cputs:
        return register_value(sys_cputs(ctx, UserPtr<const char>(args[0]), args[1]));
    case Syscall::cgetc:
        return register_value(sys_cgetc());
    case Syscall::getenvid:
        return register_value(sys_getenvid(ctx));
    case Syscall::env_destroy:
        return register_value(sys_env_destroy(ctx, static_cast<envid_t>(args[0])));
    case Syscall::page_alloc:
        return register_value(
            sys_page_alloc(ctx, static_cast<envid_t>(args[0]), args[1], args[2]));
    case Syscall::page_map:
        return register_value(sys_page_map(ctx, static_cast<envid_t>(args[0]), args[1],
                                           static_cast<envid_t>(args[2]), args[3], args[4]));
    case Syscall::page_unmap:
        return register_value(sys_page_unmap(ctx, static_cast<envid_t>(args[0]), args[1]));
    case Syscall::exofork:
        return register_value(sys_exofork(ctx));
    case Syscall::env_set_status:
        return register_value(
            sys_env_set_status(ctx, static_cast<envid_t>(args[0]), args[1]));
    case Syscall::env_set_trapframe:
        return register_value(sys_env_set_trapframe(ctx, static_cast<envid_t>(args[0]),
                                                    UserPtr<const Trapframe>(args[1])));
    case Syscall::env_set_pgfault_upcall:
        return register_value(
            sys_env_set_pgfault_upcall(ctx, static_cast<envid_t>(args[0]), args[1]));
    case Syscall::yield:
        return register_value(sys_yield(ctx));
    case Syscall::ipc_try_send:
        return register_value(
            sys_ipc_try_send(ctx, static_cast<envid_t>(args[0]), args[1], args[2], args[3]));
    case Syscall::ipc_recv:
        return register_value(sys_ipc_recv(ctx, args[0]));
    case Syscall::time_msec:
        return register_value(sys_time_msec());
    case Syscall::flexsc_register:
        return register_value(sys_flexsc_register(ctx, args[0], args[1], args[2]));
    case Syscall::flexsc_wait:
        return register_value(sys_flexsc_wait(ctx, args[0]));
    case Syscall::kstats:
        return register_value(sys_kstats(ctx, UserPtr<KStats>(args[0])));
    case Syscall::net_try_transmit:
        return register_value(sys_net_try_transmit(ctx, UserPtr<const uint8_t>(args[0]), args[1]));
    case Syscall::net_try_receive:
        return register_value(sys_net_try_receive(ctx, UserPtr<uint8_t>(args[0]), args[1]));
    case Syscall::net_wait:
        return register_value(sys_net_wait(ctx, args[0]));
    case Syscall::count:
        break;
    }
    return register_value(Error::inval);
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
