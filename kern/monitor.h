// The kernel monitor: an interactive prompt for looking at the machine's state.
#pragma once

#include <kern/kernel.h>

struct Trapframe;

// Runs the monitor's command loop. tf is the trap that brought us here, or nullptr.
void monitor(Trapframe* tf);

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
