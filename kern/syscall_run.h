// The dispatcher's switch: decode the number, call the handler, encode the
// result. Inline, so that both of its callers (syscall_dispatch for trap and
// sysenter, and FlexSC's serve pass for every entry) make one call per system
// call, to the handler (inc/hot_path.h).
#pragma once

#include <inc/hot_path.h>
#include <kern/ipc_send_wait.h>
#include <kern/syscall.h>

// The register value of a handler's outcome: a value (>= 0) or a negative Error.
// The only place a handler's Error or Result becomes a number.
constexpr int32_t
register_value(Error e)
{
    return to_int(e);
}

template <typename T>
constexpr int32_t
register_value(Result<T> r)
{
    return r.ok() ? static_cast<int32_t>(r.value()) : to_int(r.error());
}

// Runs system call `number` with args[0..4] as ctx; returns its result (>= 0)
// or a negative Error. Unknown numbers return -E_INVAL. It does not count the
// call: syscall_dispatch does for a trap, the serve pass once per batch.
HOT_INLINE int32_t
syscall_run(const SyscallContext& ctx, uint32_t number, const uint32_t args[5])
{
    // No default case: -Wswitch makes a forgotten handler a build error, and
    // a number past the last one (Syscall's values are all of uint32_t's)
    // leaves the switch for the inval at the end.
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
        return register_value(sys_page_alloc(ctx, static_cast<envid_t>(args[0]), args[1], args[2]));
    case Syscall::page_map:
        return register_value(sys_page_map(ctx, static_cast<envid_t>(args[0]), args[1],
                                           static_cast<envid_t>(args[2]), args[3], args[4]));
    case Syscall::page_unmap:
        return register_value(sys_page_unmap(ctx, static_cast<envid_t>(args[0]), args[1]));
    case Syscall::exofork:
        return register_value(sys_exofork(ctx));
    case Syscall::env_set_status:
        return register_value(sys_env_set_status(ctx, static_cast<envid_t>(args[0]), args[1]));
    case Syscall::env_set_trapframe:
        return register_value(sys_env_set_trapframe(ctx, static_cast<envid_t>(args[0]),
                                                    UserPtr<const Trapframe>(args[1])));
    case Syscall::env_set_pgfault_upcall:
        return register_value(
            sys_env_set_pgfault_upcall(ctx, static_cast<envid_t>(args[0]), args[1]));
    case Syscall::yield:
        return register_value(sys_yield(ctx));
    case Syscall::ipc_try_send: {
        auto target = static_cast<envid_t>(args[0]);
        Error err = sys_ipc_try_send(ctx, target, args[1], args[2], args[3]);
        if (err == Error::ipc_not_recv && !ctx.posted())
            ipc_send_failed(ctx.caller, target); // its next yield may wait (kern/ipc_send_wait.h)
        return register_value(err);
    }
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
    case Syscall::sleep_until:
        return register_value(sys_sleep_until(ctx, args[0]));
    case Syscall::count:
        break;
    }
    return register_value(Error::inval);
}
