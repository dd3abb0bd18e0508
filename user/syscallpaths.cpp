// Makes the same system calls through int $0x30 and through sysenter and
// checks that both paths return the same results, errors included.

#include <inc/lib.h>

static int checked;
static int mismatches;

static int32_t
both(const char* what, Syscall number, uint32_t a1 = 0, uint32_t a2 = 0)
{
    auto n = static_cast<uint32_t>(number);
    int32_t by_int = syscall_via(SyscallPath::int30, n, a1, a2, 0, 0, 0);
    int32_t by_sysenter = syscall_via(SyscallPath::sysenter, n, a1, a2, 0, 0, 0);
    checked++;
    if (by_int != by_sysenter) {
        mismatches++;
        cprintf("syscallpaths: %s: int $0x30 gave %d, sysenter gave %d\n", what, by_int,
                by_sysenter);
    }
    return by_int;
}

void
umain(int, char**)
{
    static const char via[] = "syscallpaths: printed through both paths\n";
    both("cputs", Syscall::cputs, reinterpret_cast<uint32_t>(via), sizeof(via) - 1);
    envid_t id = both("getenvid", Syscall::getenvid);
    if (id != thisenv->env_id) {
        mismatches++;
        cprintf("syscallpaths: getenvid gave %08x, thisenv says %08x\n", id, thisenv->env_id);
    }
    both("cgetc", Syscall::cgetc);
    int32_t bad_number = both("unknown number", static_cast<Syscall>(999));
    int32_t bad_env = both("env_destroy of a stranger", Syscall::env_destroy, 0x7ffff3ff);
    cprintf("syscallpaths: unknown number: %e; destroying a stranger: %e\n", bad_number, bad_env);
    if (bad_number != to_int(Error::inval) || bad_env != to_int(Error::bad_env))
        mismatches++;

    // Registers the compiler keeps in callee-saved registers survive both paths.
    uint32_t sum = 0;
    for (uint32_t i = 0; i < 100; i++)
        sum += both("getenvid in a loop", Syscall::getenvid) == id ? i : 0;
    if (sum != 4950)
        mismatches++;

    if (mismatches == 0)
        cprintf("syscallpaths: int $0x30 and sysenter agree on %d calls\n", checked);
    else
        cprintf("syscallpaths: %d mismatches\n", mismatches);
}
