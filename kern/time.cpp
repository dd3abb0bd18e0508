#include <kern/cpu.h>
#include <kern/sleep.h>
#include <kern/time.h>

// Protected by: written only by the boot CPU; any CPU reads it (an aligned word).
static volatile uint32_t timer_ticks;

void
time_tick()
{
    if (thiscpu == bootcpu) {
        timer_ticks = timer_ticks + 1;
        sleep_wake_due(time_msec());
    }
}

uint32_t
time_msec()
{
    return timer_ticks * MSEC_PER_TICK;
}
