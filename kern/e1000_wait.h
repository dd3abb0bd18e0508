// Waiting for the network card: environments blocked in sys_net_wait until
// the E1000 has a frame for them or room to send, and the card's interrupt
// that wakes them (doc/net.md, "Waiting for the card").
#pragma once

#include <kern/kernel.h>
#include <kern/syscall.h>
#include <inc/net.h>
#include <inc/types.h>

// Blocks the caller (a trap caller: never returns then) until the card can do
// one of what (NET_WAIT_* bits, checked by the caller); returns ok at once if it
// already can. Errors: try_again (NET_WAITERS_MAX environments wait already).
Error e1000_wait(const SyscallContext& ctx, uint32_t what);

// Whether trapno is the card's interrupt.
bool e1000_is_interrupt(uint32_t trapno);
// The card's interrupt handler (trap_dispatch): acknowledges the card and wakes
// every waiter whose condition now holds. If it interrupted user code, the
// first one woken runs at once here (the one it interrupted stays runnable):
// frames wait for nobody's time slice. Returns otherwise.
void e1000_interrupt(const Trapframe& tf);
// Whether some environment waits for the card: it is not stuck, as the card's
// interrupt will wake it (the scheduler's "nothing can run" test asks).
bool e1000_has_waiters();
