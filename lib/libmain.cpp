// The first C++ code of every user program: set up the library, run umain, exit.

#include <inc/lib.h>
#include <inc/sanitizer.h>
#include <inc/x86.h>

const char* binaryname = "<unknown>";
PER_ENV const volatile Env* thisenv;
SyscallPath syscall_default_path = SyscallPath::int30;

extern "C" {
using Constructor = void (*)();
extern Constructor __init_array_start[], __init_array_end[];
// Not instrumented by the stack protector: the canary changes inside it.
[[gnu::no_stack_protector]] void libmain(int argc, char** argv);
}

void
libmain(int argc, char** argv)
{
    stack_guard_init();
    // sysenter when the CPU has it: cheaper than int $0x30 (lib/syscall.cpp).
    if (cpu_has_sysenter())
        syscall_default_path = SyscallPath::sysenter;

    thisenv = &envs[ENVX(sys_getenvid())];
    // Transparent FlexSC, chosen at boot (+flexsc) and inherited by children.
    if (thisenv->env_libos_flags & ENV_LIBOS_FLEXSC)
        flexsc_transparent_start(thisenv->env_libos_flags & ENV_LIBOS_FLEXSC_ALWAYS
                                     ? FlexscRouting::always
                                     : FlexscRouting::hybrid);
    if (argc > 0 && argv != nullptr && argv[0] != nullptr)
        binaryname = argv[0];

    for (Constructor* c = __init_array_start; c < __init_array_end; c++)
        (*c)();

    umain(argc, argv);
    exit();
}
