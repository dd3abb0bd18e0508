// Network system calls: move one Ethernet frame between user memory and the
// card (kern/e1000.h). Neither call waits: a full or empty ring is try_again.

#include <kern/syscall.h>

// Queues len bytes at frame for transmission.
// Errors: inval (len 0 or over NET_FRAME_MAX), fault, try_again, not_supp (no card).
Error
sys_net_try_transmit(const SyscallContext&, uintptr_t, size_t)
{
    return Error::not_supp;
}

// Copies the oldest received frame to buf; returns its length.
// Errors: inval (buflen smaller than the frame), fault, try_again, not_supp (no card).
int32_t
sys_net_try_receive(const SyscallContext&, uintptr_t, size_t)
{
    return to_int(Error::not_supp);
}
