// Network system calls: move one Ethernet frame between user memory and the
// card (kern/e1000.h). Neither call waits: a full or empty ring is try_again,
// and the caller decides whether to yield and retry, or to wait for the card's
// interrupt in sys_net_wait (net/input.cpp, net/output.cpp).
// Arguments are checked before the card is looked at, so a bad call gets the
// same answer with or without a card.

#include <kern/e1000.h>
#include <kern/e1000_wait.h>
#include <kern/syscall.h>
#include <inc/assert.h>
#include <inc/net.h>

// Queues len bytes at frame for transmission; the bytes are copied, so the
// caller may reuse its buffer at once. A bad pointer from a trap destroys the
// caller (as sys_cputs); from FlexSC it is fault.
// Errors: inval (len 0 or over NET_FRAME_MAX: never cut short), fault,
// try_again (transmit ring full), not_supp (no card).
Error
sys_net_try_transmit(const SyscallContext& ctx, UserPtr<const uint8_t> frame, size_t len)
{
    // LAB 6: BEGIN SOLUTION
    // HINT: check len (inval: 0 or over NET_FRAME_MAX), then the user memory (frame.check: its
    //       error as is), then e1000_try_transmit. Exercise 5, doc/labs/lab6.md.
    if (len == 0 || len > NET_FRAME_MAX)
        return Error::inval;
    Result<const uint8_t*> bytes = frame.check(ctx, len);
    if (!bytes.ok())
        return bytes.error();
    return e1000_try_transmit(bytes.value(), len);
    // LAB 6: STUB
    // NOT_IMPLEMENTED(6, ctx, frame, len);
    // LAB 6: END SOLUTION
    return Error::not_supp;
}

// Copies the oldest received frame to buf and returns its length. The kernel
// writes at most min(buflen, NET_FRAME_MAX) bytes, so only those must be
// writable. A bad pointer is treated as in sys_net_try_transmit.
// Errors: inval (buflen smaller than the waiting frame, which stays waiting),
// fault, try_again (nothing received), not_supp (no card).
Result<int32_t>
sys_net_try_receive(const SyscallContext& ctx, UserPtr<uint8_t> buf, size_t buflen)
{
    // LAB 6: BEGIN SOLUTION
    // HINT: check the min(buflen, NET_FRAME_MAX) writable bytes first (buf.check), then ask the
    //       driver for the waiting frame's length; inval if it does not fit (it stays waiting),
    //       else take it. Exercise 8, doc/labs/lab6.md.
    Result<uint8_t*> out = buf.check(ctx, min(buflen, NET_FRAME_MAX));
    if (!out.ok())
        return out.error();
    Result<size_t> waiting = e1000_waiting_frame();
    if (!waiting.ok())
        return waiting.error();
    if (waiting.value() > buflen)
        return Error::inval;
    return static_cast<int32_t>(e1000_take_frame(out.value()));
    // LAB 6: STUB
    // NOT_IMPLEMENTED(6, ctx, buf, buflen);
    // LAB 6: END SOLUTION
    return Error::not_supp;
}

// Blocks until the card has a frame to take (NET_WAIT_RECEIVE) or room to send
// one (NET_WAIT_TRANSMIT), whichever of what comes first; 0 at once if it has
// already. Woken by the card's interrupt (kern/e1000_wait.h); the caller tries
// again, since another environment may have taken the frame. Any environment
// may wait, as any may call the two calls above. A posted call (FlexSC) does
// not block: it returns 0 at once, as a posted yield does.
// Errors: inval (what is 0 or has unknown bits), not_supp (no card),
// try_again (NET_WAITERS_MAX environments are waiting already).
Error
sys_net_wait(const SyscallContext& ctx, uint32_t what)
{
    if (what == 0 || (what & ~(NET_WAIT_RECEIVE | NET_WAIT_TRANSMIT)) != 0)
        return Error::inval;
    if (e1000_waiting_frame().error() == Error::not_supp)
        return Error::not_supp;
    if (ctx.posted())
        return Error::ok;
    return e1000_wait(ctx, what);
}
