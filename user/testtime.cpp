// sys_time_msec (lab 6): counts down from 5 (or from argv[1]), one number a
// second, waiting until the clock says a second has passed. JOS's grader
// expects the 5; make grade counts from 2, to keep the check under 5 s.

#include <inc/lib.h>

// Waits until sys_time_msec() says `seconds` have passed. It sleeps
// (sys_sleep_until) rather than yielding in a loop as JOS's testtime did, so
// the machine halts while it waits (make grade ran a CPU flat out for 2 s);
// the loop still asks sys_time_msec, whose answer alone decides when the
// wait is over.
static void
sleep_seconds(uint32_t seconds)
{
    uint32_t now = sys_time_msec();
    uint32_t end = now + seconds * 1000;
    if (end < now)
        panic("sleep: the clock would wrap around");
    while (sys_time_msec() < end)
        sys_sleep_until(end);
}

void
umain(int argc, char** argv)
{
    int from = argc > 1 ? static_cast<int>(strtol(argv[1], nullptr, 10)) : 5;
    // Let the clock start ticking first: the first tick may be late.
    for (int i = 0; i < 50; i++)
        sys_yield();
    cprintf("starting count down: ");
    for (int i = from; i >= 0; i--) {
        cprintf("%d ", i);
        sleep_seconds(1);
    }
    cprintf("\n");
}
