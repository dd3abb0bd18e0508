// What lwIP asks of its platform (net/lwip/arch/cc.h, lwIP's sys.h with
// NO_SYS): a clock, diagnostics and assertions. lwIP runs in one thread, so
// there is no sys_arch: no threads, semaphores, mailboxes or locks.

#include <inc/lib.h>

#include <lwip/sys.h>

// lwIP's timers count milliseconds from this (wrapping is expected).
u32_t
sys_now()
{
    return sys_time_msec();
}

void
lwip_port_diag(const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vcprintf(fmt, ap);
    va_end(ap);
}

// lwIP's own invariants, not its input: a failure is a bug in ns or lwIP.
void
lwip_port_assert(const char* message, int line, const char* file)
{
    _panic(file, line, "lwIP assertion failed: %s", message);
}
