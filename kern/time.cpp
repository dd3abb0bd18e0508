#include <kern/cpu.h>
#include <kern/ipc_send_wait.h>
#include <kern/sleep.h>
#include <kern/time.h>

// Protected by: written only by the boot CPU; any CPU reads it (an aligned word).
static volatile uint32_t timer_ticks;
// Set once at boot, before any timer runs; read-only after.
static uint32_t msec_per_tick = DEFAULT_MSEC_PER_TICK;

void
time_set_msec_per_tick(uint32_t msec)
{
    msec_per_tick = msec;
}

uint32_t
time_msec_per_tick()
{
    return msec_per_tick;
}

void
time_tick()
{
    if (thiscpu == bootcpu) {
        timer_ticks = timer_ticks + 1;
        sleep_wake_due(time_msec());
        ipc_send_wake_all();
    }
}

uint32_t
time_msec()
{
    return timer_ticks * msec_per_tick;
}
