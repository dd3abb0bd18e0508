// The kernel monitor: an interactive prompt for looking at the machine's state.
#pragma once

#include <kern/kernel.h>

struct Trapframe;

// Runs the monitor's command loop. tf is the trap that brought us here, or nullptr.
void monitor(Trapframe* tf);

// What a breakpoint (int3) or debug trap (the trap flag) in user mode does;
// chosen at boot (+usertrap=..., kern/boot_command.h). Set once, before any
// environment runs.
enum class UserTrapPolicy {
    monitor, // JOS: the monitor runs, the environment stays alive (continue/stepi)
    destroy, // the environment is destroyed with a message (fuzzers, servers)
};
extern UserTrapPolicy user_trap_policy;

// trap_dispatch for a breakpoint or debug trap from user mode (kern/mon_user_trap.cpp).
// Returns when the monitor's continue/stepi resumes the environment.
void monitor_user_trap(Trapframe* tf);

// The console's getchar() calls this while no input is waiting. The monitor
// of a user trap lends the kernel lock to the other CPUs here; any other
// monitor (at boot, after a panic) keeps it.
void monitor_await_input();

// Monitor commands, callable from kernel code too (init calls mon_backtrace).
// Each returns 0 to keep the monitor running, or -1 to leave it.
int mon_help(int argc, char** argv, Trapframe* tf);
int mon_kerninfo(int argc, char** argv, Trapframe* tf);
int mon_backtrace(int argc, char** argv, Trapframe* tf);
int mon_showmappings(int argc, char** argv, Trapframe* tf);
int mon_setperm(int argc, char** argv, Trapframe* tf);
int mon_clearperm(int argc, char** argv, Trapframe* tf);
int mon_dumpmem(int argc, char** argv, Trapframe* tf);
int mon_kstats(int argc, char** argv, Trapframe* tf);
int mon_ps(int argc, char** argv, Trapframe* tf);
// Resume (or single-step) the user environment whose breakpoint entered the monitor.
int mon_continue(int argc, char** argv, Trapframe* tf);
int mon_stepi(int argc, char** argv, Trapframe* tf);
