// Kernel initialization on the boot CPU: entry.S calls i386_init with paging on.

#include <inc/sanitizer.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <kern/boot_command.h>
#include <kern/console.h>
#include <kern/env.h>
#include <kern/gdt.h>
#include <kern/lapic.h>
#include <kern/mp.h>
#include <kern/spinlock.h>
#include <kern/pci.h>
#include <kern/pic.h>
#include <kern/programs.h>
#include <kern/sched.h>
#include <kern/trap.h>
#include <kern/monitor.h>
#include <kern/pmap.h>
#include <kern/printf_check.h>
#include <kern/runtime.h>
#include <kern/time.h>

// Lab 1's stack exercise: recurses x levels, then prints a backtrace from the
// bottom. Kept near the top of the file so its line numbers stay small.
__attribute__((noinline)) void test_backtrace(int x);

void
test_backtrace(int x)
{
    cprintf("entering test_backtrace %d\n", x);
    if (x > 0)
        test_backtrace(x - 1);
    else
        mon_backtrace(0, nullptr, nullptr);
    cprintf("leaving test_backtrace %d\n", x);
}

// Not instrumented by the stack protector: the canary changes inside it.
extern "C" [[noreturn, gnu::no_stack_protector]] void i386_init();

// Creates an environment running the embedded program `name`. Returns false
// (having said why) if it cannot.
static bool
start_program(const char* name, EnvType type, const char* const* argv = nullptr,
              uint32_t libos_flags = 0)
{
    UserProgram* program = find_user_program(name);
    if (program == nullptr) {
        cprintf("kernel: no user program called '%s'\n", name);
        return false;
    }
    if (Error r = user_program_load(*program); r != Error::ok) {
        cprintf("kernel: cannot read '%s' from %s: %e\n", name, user_program_source(), to_int(r));
        return false;
    }
    Result<Env*> env = env_create(program->start, program->end - program->start, type, argv);
    if (!env.ok()) {
        cprintf("kernel: cannot start '%s': %e\n", name, to_int(env.error()));
        return false;
    }
    env.value()->env_libos_flags = libos_flags;
    return true;
}

// Starts the servers a program needs, in JOS's order: the file server
// (00001000) for programs that need files or the network, then the network
// server (00001001) for those that need the network, unless +nons. Returns false
// if a needed server could not start. A kernel without ns (lab 6 Part B not
// built yet) says so and runs the program without it.
static bool
start_servers(const UserProgram* program, const BootCommand& cmd)
{
    if (program == nullptr)
        return true;
    bool needs_net = program->needs_net && !cmd.no_ns;
    if ((program->needs_fs || needs_net) && !start_program("fs", ENV_TYPE_FS))
        return false;
    if (!needs_net)
        return true;
    if (find_user_program("ns") == nullptr) {
        cprintf("kernel: '%s' needs the network server, but this kernel has no program 'ns'; "
                "starting it without one\n",
                program->name);
        return true;
    }
    return start_program("ns", ENV_TYPE_NS);
}

// Starts the user program the boot argument names, if any (make run-NAME), with
// the boot argument's words as its argv if there is more than the name
// (kern/boot_command.h), after the servers it needs (start_servers): so the
// program is 00001001 with the file server, 00001002 with the network server.
// "fs" alone starts just the file server. Returns only if there is nothing to run.
static void
run_boot_program(const BootCommand& cmd)
{
    if (cmd.bad_option != nullptr) {
        cprintf("kernel: unknown boot option '%s' (known: +flexsc, +flexsc=always, +nons, "
                "+usertrap=destroy, +usertrap=monitor, +tick=MS (1-10), +envs=N (1-%d))\n",
                cmd.bad_option, NENV);
        return;
    }
    user_trap_policy = cmd.user_trap;
    if (cmd.env_slots != 0)
        env_use_first_slots(cmd.env_slots);
    if (cmd.argc == 0)
        return;
    const char* name = cmd.argv[0];
    if (strcmp(name, "fs") == 0) {
        if (!start_program("fs", ENV_TYPE_FS))
            return;
    } else {
        if (!start_servers(find_user_program(name), cmd))
            return;
        // A program named alone starts with argc 0, as under JOS (testpteshare
        // and others tell their spawned copies apart by argc).
        const char* const* argv = cmd.argc > 1 ? cmd.argv : nullptr;
        if (!start_program(name, ENV_TYPE_USER, argv, cmd.libos_flags))
            return;
    }
    sched_yield();
}

extern "C" void
i386_init()
{
    stack_guard_init();
    runtime_init();
    cons_init();

    cprintf("6828 decimal is %o octal!\n", 6828);
    check_printfmt();

    test_backtrace(5);

    mem_init();
    gdt_init();
    env_init();
    trap_init();

    // Read before the CPUs start their timers: +tick=MS sets the timer's period.
    BootCommand cmd = boot_command();
    if (cmd.tick_msec != 0)
        time_set_msec_per_tick(cmd.tick_msec);
    mp_init();
    lapic_init();
    pic_init();
    // Console input reaches user space through interrupts (sys_cgetc reads the buffer).
    pic_enable_irq(IRQ_KBD);
    pic_enable_irq(IRQ_SERIAL);
    // Devices (the network card, lab 6) before any environment: drivers map
    // their registers into the kernel's page directory, which envs copy.
    pci_init();

    // The kernel lock (kern/spinlock.h) before the other CPUs start: they wait
    // for it until this CPU first runs an environment.
    lock_kernel();
    boot_aps();

    cprintf("Free physical pages: %u\n", static_cast<uint32_t>(page_free_count()));
    run_boot_program(cmd);
    for (;;)
        monitor(nullptr);
}
