// The scheduler: round-robin over runnable environments.
#pragma once

#include <kern/kernel.h>

// Runs the next runnable environment after the current one (or the current one
// again if nothing else can run). With nothing runnable, halts this CPU. Never returns.
[[noreturn]] void sched_yield();

// Makes CPU `cpu` schedule now (a wake-up interrupt), e.g. for an environment
// pinned to it that just became runnable.
void sched_kick_cpu(int cpu);
// Wakes the halted CPUs (other than this one) so they look for work now, not
// at their next timer tick.
void sched_kick_idle_cpus();
// Wakes one halted CPU (if any) to take an environment that just became
// runnable: without it, a waiting receiver on a machine whose other CPUs are
// idle waited up to a timer tick (10 ms) for each message.
void sched_kick_an_idle_cpu();

// Parks this CPU until there is work; with no environments at all, the boot
// CPU drops into the monitor. Never returns.
[[noreturn]] void sched_halt();
