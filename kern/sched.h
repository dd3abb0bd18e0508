// The scheduler: round-robin over runnable environments.
#pragma once

#include <kern/kernel.h>

// Runs the next runnable environment after the current one (or the current one
// again if nothing else can run). With nothing runnable, halts this CPU. Never returns.
[[noreturn]] void sched_yield();

// sys_yield: as sched_yield, but on a machine with several CPUs, when nothing
// else can run here, this CPU idles until its next interrupt (a timer tick, or
// a wake-up when something becomes runnable or starts to receive) and the
// caller stays runnable for any CPU. A caller that yields with nothing else to
// run waits for another CPU (a receiver to call ipc_recv, a flag in shared
// memory); spinning on sys_yield kept taking the kernel lock from the CPU it
// waited for (testfile on 4 CPUs: 600,000 system calls instead of 1,100, 15
// times the CPU time). One CPU keeps JOS's behaviour: back to the caller at once.
[[noreturn]] void sched_yield_for_user();

// The next environment after the current one that this CPU may run, or nullptr.
Env* next_runnable_here();

// Runs e, whatever kind it is: a FlexSC syscall thread through its own run in
// the kernel (kern/flexsc.h), any other environment through env_run. Never returns.
[[noreturn]] void sched_run(Env* e);

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
// Halts this CPU, which does not hold the kernel lock, until an interrupt:
// trap() then takes the lock and the CPU schedules.
[[noreturn]] void sched_idle();
