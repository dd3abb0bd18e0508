// FlexSC demo: the same system calls made by traps and as one FlexSC batch,
// with what each cost in kernel entries (from kstats) and in CPU cycles.

#include <inc/lib.h>
#include <inc/x86.h>

static uint8_t* const SCRATCH = reinterpret_cast<uint8_t*>(0x10000000);
static constexpr int PAGES = 4;

static uint32_t
syscall_entries()
{
    KStats s;
    if (sys_kstats(&s) < 0)
        panic("sys_kstats failed");
    return kstats_syscall_entries(s);
}

static uint32_t
flexsc_entries_served()
{
    KStats s;
    sys_kstats(&s);
    return s.flexsc_entries;
}

// Cycles per getenvid by trap, averaged over n calls.
static uint32_t
trap_cycles(SyscallPath path, int n)
{
    uint64_t start = read_tsc();
    for (int i = 0; i < n; i++)
        syscall_via(path, static_cast<uint32_t>(Syscall::getenvid), 0, 0, 0, 0, 0);
    return static_cast<uint32_t>((read_tsc() - start) / n);
}

// Cycles per getenvid posted in batches of `batch` (one wait per batch).
static uint32_t
batch_cycles(int batch, int n)
{
    int entries[FLEXSC_ENTRIES];
    uint64_t start = read_tsc();
    for (int done = 0; done < n; done += batch) {
        for (int i = 0; i < batch; i++)
            entries[i] = flexsc_post(Syscall::getenvid);
        for (int i = 0; i < batch; i++)
            flexsc_reap(entries[i]);
    }
    return static_cast<uint32_t>((read_tsc() - start) / n);
}

void
umain(int, char**)
{
    cprintf("flexsc: exception-less system calls demo\n");
    int r = flexsc_register();
    if (r < 0)
        panic("flexsc_register: %e", r);
    cprintf("flexsc: syscall page at %08x, syscall thread started\n", FLEXSC_DEFAULT_VA);

    // 1. Seven calls by traps: one kernel entry each.
    uint32_t before = syscall_entries();
    sys_cputs("flexsc: hello through a trap\n", 29);
    envid_t id = sys_getenvid();
    uint32_t msec = sys_time_msec();
    for (int i = 0; i < PAGES; i++)
        sys_page_alloc(0, SCRATCH + i * PGSIZE, PTE_P | PTE_U | PTE_W);
    uint32_t by_traps = syscall_entries() - before - 1; // less the kstats call that measured
    cprintf("flexsc: 7 calls by traps: getenvid %08x, time %u ms, %u kernel entries\n", id, msec,
            by_traps);

    // 2. The same seven posted as one batch, then one flexsc_wait.
    before = syscall_entries();
    uint32_t served_before = flexsc_entries_served();
    flex_cputs("flexsc: hello through the syscall page\n", 39);
    int id_entry = flexsc_post(Syscall::getenvid);
    int time_entry = flexsc_post(Syscall::time_msec);
    int page_entries[PAGES];
    for (int i = 0; i < PAGES; i++)
        page_entries[i] = flexsc_post(Syscall::page_alloc, 0,
                                      reinterpret_cast<uint32_t>(SCRATCH + (PAGES + i) * PGSIZE),
                                      PTE_P | PTE_U | PTE_W);
    int completed = flexsc_wait();
    uint32_t by_batch = syscall_entries() - before - 2; // less the two kstats calls
    envid_t flex_id = flexsc_reap(id_entry);
    uint32_t flex_msec = flexsc_reap(time_entry);
    int page_errors = 0;
    for (int i = 0; i < PAGES; i++)
        page_errors += flexsc_reap(page_entries[i]) < 0;
    uint32_t served = flexsc_entries_served() - served_before;
    cprintf("flexsc: 7 calls in one batch: getenvid %08x, time %u ms, %d page_alloc errors\n",
            flex_id, flex_msec, page_errors);
    cprintf("flexsc: the wait returned %d completions; %u entries served; %u kernel entries "
            "(traps: %u)\n",
            completed, served, by_batch, by_traps);
    if (flex_id != id || page_errors != 0)
        cprintf("flexsc: MISMATCH between the trap and FlexSC results\n");

    // 3. What a call costs, in cycles of this CPU (TSC), by path and batch size.
    constexpr int N = 512;
    cprintf("flexsc: cycles per getenvid: int $0x30 %u, sysenter %u\n",
            trap_cycles(SyscallPath::int30, N), trap_cycles(SyscallPath::sysenter, N));
    const int batches[] = {1, 8, 32, 64};
    for (int b : batches)
        cprintf("flexsc: cycles per getenvid in batches of %2d: %u\n", b, batch_cycles(b, N));
    cprintf("flexsc: done\n");
}
