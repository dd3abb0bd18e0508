// A full page of 64 calls in one batch, then 10,000 calls in a loop (entries
// are reused, fire-and-forget ones included).

#include <inc/lib.h>

static KStats
stats()
{
    KStats s;
    sys_kstats(&s);
    return s;
}

void
umain(int, char**)
{
    int r = flexsc_register();
    if (r < 0)
        panic("flexsc_register: %e", r);
    envid_t self = sys_getenvid();

    // 64 entries, one wait.
    int entries[FLEXSC_ENTRIES];
    KStats before = stats();
    for (int i = 0; i < FLEXSC_ENTRIES; i++)
        entries[i] = flexsc_post(Syscall::getenvid);
    int completed = flexsc_wait();
    KStats after = stats();
    int right = 0;
    for (int i = 0; i < FLEXSC_ENTRIES; i++)
        right += flexsc_reap(entries[i]) == self;
    cprintf("flexscbatch: one wait completed %d of 64 calls, %d right; %u batch(es), %u kernel "
            "entries\n",
            completed, right, after.flexsc_batches - before.flexsc_batches,
            kstats_syscall_entries(after) - kstats_syscall_entries(before) - 1);

    // 10,000 calls, each posted and reaped; plus fire-and-forget output.
    int wrong = 0;
    for (int i = 0; i < 10000; i++) {
        wrong += flexsc_call(Syscall::getenvid) != self;
        if (i % 100 == 0)
            flex_cputs(".", 1);
    }
    flex_cputs("\n", 1);
    flexsc_flush();
    cprintf("flexscbatch: 10000 calls in a loop, %d wrong\n", wrong);
}
