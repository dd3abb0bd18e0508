// The boot argument read as a command line: "[+option...] PROGRAM [ARG...]".
//
// Options start with '+'. One sets a library OS mode of the first environment
// (inherited by everything it forks or spawns):
//   +flexsc            transparent FlexSC: system calls go through the syscall page when that can
//                      pay (other calls in flight, or a polling thread awake), else by sysenter
//   +flexsc=always     transparent FlexSC: every system call goes through the syscall page
// Others set kernel policies for every environment:
//   +usertrap=destroy  a user breakpoint or debug trap destroys the environment,
//                      with a message, instead of entering the monitor
//   +usertrap=monitor  JOS's behaviour (the default): the monitor runs
//   +nons              do not start the network server, even for a program that
//                      needs it (JOS's INIT_CFLAGS=-DTEST_NO_NS; conf/net.mk)
//   +tick=MS           the timer interrupts every MS milliseconds (1-10; 10 by
//                      default): the time slice, and the clock's step
//   +envs=N            only the first N environment slots are used (1-NENV),
//                      so that running out of them comes sooner
// The program gets PROGRAM and the ARGs as argc/argv, as if spawned.
#pragma once

#include <kern/kernel.h>
#include <kern/monitor.h>
#include <inc/types.h>

#define BOOT_MAX_ARGS 16

struct BootCommand {
    uint32_t libos_flags;                // ENV_LIBOS_* bits from the options
    int argc;                            // 0: no program (the kernel monitor)
    const char* argv[BOOT_MAX_ARGS + 1]; // argv[argc] is nullptr
    const char* bad_option;              // an option nobody knows, or nullptr
    UserTrapPolicy user_trap;            // from +usertrap=...
    bool no_ns;                          // from +nons
    uint32_t tick_msec;                  // from +tick=MS; 0: the default
    uint32_t env_slots;                  // from +envs=N; 0: all NENV
};

// Parses the boot argument (kern/bootargs.h). The strings point into a static
// copy, valid for the kernel's lifetime.
BootCommand boot_command();
