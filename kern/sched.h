// The scheduler: round-robin over runnable environments.
#pragma once

#include <kern/kernel.h>

// Runs the next runnable environment after the current one (or the current one
// again if nothing else can run). With nothing runnable, halts this CPU. Never returns.
[[noreturn]] void sched_yield();

// Parks this CPU until there is work; with no environments at all, the boot
// CPU drops into the monitor. Never returns.
[[noreturn]] void sched_halt();
