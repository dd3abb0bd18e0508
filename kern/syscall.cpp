// The system call dispatcher: decode the number, call the handler, encode the result.

#include <kern/kstats.h>
#include <kern/syscall.h>

int32_t
syscall_dispatch(const SyscallContext& ctx, uint32_t number, const uint32_t args[5])
{
    kstats_count_syscall(number, ctx.path);
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
    case Syscall::count:
        break;
    }
    return to_int(Error::inval);
}
