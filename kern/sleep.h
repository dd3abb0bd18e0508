// Environments asleep until a time (sys_sleep_until), woken by the boot CPU's
// timer tick (kern/time.cpp). Programs that wait for a time (ns's timer helper,
// lab 6) sleep here instead of yielding in a loop, so an idle machine halts.
#pragma once

#include <kern/kernel.h>
#include <kern/syscall.h>
#include <inc/types.h>

// Blocks the caller (a trap caller: never returns then) until time_msec()
// reaches msec; returns ok at once if it has already.
Error sleep_until(const SyscallContext& ctx, uint32_t msec);

// Wakes every sleeper whose time has come (time_tick, on the boot CPU).
void sleep_wake_due(uint32_t now_msec);

// Whether some environment sleeps: it is not stuck, as the clock will wake it
// (the scheduler's "nothing can run" test asks).
bool sleep_has_sleepers();
