// Senders that wait for their receiver. JOS's ipc_send retries
// sys_ipc_try_send with a sys_yield between tries. On several CPUs the senders
// whose receivers are busy elsewhere went round and round the scheduler: on 4
// CPUs primes made six tries per message delivered, each try a switch of
// address space. So the kernel notes the target of a send that failed because
// the target was not receiving, and the sender's next sys_yield in the same
// run parks it until the target enters sys_ipc_recv, is freed, or the next
// timer tick, whichever comes first. The yield still returns, only later;
// sends and receives are unchanged.
#pragma once

#include <kern/kernel.h>
#include <inc/env.h>

// A send by `sender` (by trap or sysenter) to `target` found it not receiving.
void ipc_send_failed(const Env& sender, envid_t target);

// Called by sys_yield: if the caller's last send, in this same run, failed
// and its target is still there and not receiving, parks the caller (not
// runnable; the caller then yields the CPU) and returns true.
bool ipc_send_park(Env& sender);

// Wakes the senders parked on receiver: it receives now, or is gone.
void ipc_send_wake_senders_of(envid_t receiver);

// Wakes every parked sender (the boot CPU's timer tick: no sender waits for
// more than a tick, whatever its target does).
void ipc_send_wake_all();

// Whether some sender is parked: it is not stuck, as the tick will wake it
// (the scheduler's "nothing can run" test asks).
bool ipc_send_has_parked();
