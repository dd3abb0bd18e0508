// The system call dispatcher: decode the number, call the handler, encode the result.

#include <kern/kstats.h>
#include <kern/syscall.h>
#include <kern/syscall_run.h>

KERNEL_HOT int32_t
syscall_dispatch(const SyscallContext& ctx, uint32_t number, const uint32_t args[5])
{
    kstats_count_syscall(number, ctx.path);
    return syscall_run(ctx, number, args);
}

KERNEL_HOT void
syscall_from_registers(const SyscallContext& ctx, PushRegs& regs)
{
    const uint32_t args[5] = {regs.reg_edx, regs.reg_ecx, regs.reg_ebx, regs.reg_edi, regs.reg_esi};
    regs.reg_eax = static_cast<uint32_t>(syscall_dispatch(ctx, regs.reg_eax, args));
}
