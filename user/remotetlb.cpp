// Taking a page away from a child while it runs on another CPU. The parent
// unmaps the child's page, or maps it read-only, while the child writes to
// it in a loop. Before the system call returns, the kernel must make the
// child's CPU forget the old translation (a TLB shootdown); without one the
// child goes on writing through its stale TLB entry until its CPU next
// enters the kernel, into a page it no longer has. With one, its next write
// faults and the kernel destroys it. Needs 2 or more CPUs.

#include <inc/lib.h>
#include <inc/x86.h>

static void* const SHARED_VA = reinterpret_cast<void*>(0xA0000000);
static volatile uint32_t* const counter = static_cast<volatile uint32_t*>(SHARED_VA);

// How long the parent watches the counter after the call: about 10 ms of host
// time, far longer than the child needs for a write.
static constexpr uint64_t WATCH_CYCLES = 20'000'000;

[[noreturn]] static void
count_until_the_page_goes()
{
    // No fault handler: the fault that ends this loop destroys the child.
    sys_env_set_pgfault_upcall(0, 0);
    for (;;)
        *counter = *counter + 1;
}

static int
unmap(envid_t child)
{
    return sys_page_unmap(child, SHARED_VA);
}

static int
map_read_only(envid_t child)
{
    return sys_page_map(0, SHARED_VA, child, SHARED_VA, PTE_P | PTE_U);
}

// One try; returns whether it tested anything: the child's CPU may have
// been out of the child's address space at that moment (taking an interrupt,
// between two runs), and then no shootdown was needed and none was made.
static bool
take_away_while_running(const char* how, int (*take_away)(envid_t), bool last_try)
{
    *counter = 0;
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0)
        count_until_the_page_goes();

    while (*counter < 100'000) // it counts: it is running now, on the other CPU
        asm volatile("pause");
    KStats before;
    sys_kstats(&before);
    int r = take_away(child);
    uint32_t at_return = *counter;
    KStats after;
    sys_kstats(&after);
    uint64_t start = read_tsc();
    while (read_tsc() - start < WATCH_CYCLES)
        asm volatile("pause");
    uint32_t written = *counter - at_return;
    uint32_t shootdowns = after.tlb_shootdowns - before.tlb_shootdowns;
    bool tested = r < 0 || written > 0 || shootdowns > 0;
    if (r < 0)
        cprintf("remotetlb: %s: %e\n", how, r);
    else if (tested || last_try)
        cprintf("remotetlb: %s while it ran: it wrote %u more time(s); %u TLB shootdown(s)\n", how,
                written, shootdowns);
    wait(child);
    return tested;
}

// Up to 5 tries, until one finds the child's CPU in the child's address space.
static void
take_away(const char* how, int (*how_to)(envid_t))
{
    constexpr int TRIES = 5;
    for (int i = 1; i <= TRIES && !take_away_while_running(how, how_to, i == TRIES); i++)
        continue;
}

void
umain(int, char**)
{
    int r = sys_page_alloc(0, SHARED_VA, PTE_P | PTE_U | PTE_W | PTE_SHARE);
    if (r < 0)
        panic("sys_page_alloc: %e", r);
    take_away("unmapped the child's page", unmap);
    take_away("made the child's page read-only", map_read_only);
    cprintf("remotetlb: done\n");
}
