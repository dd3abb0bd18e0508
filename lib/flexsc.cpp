// The library side of FlexSC, beyond the inline common case of posting and
// reaping (inc/flexsc_client.h): registration, waiting for the kernel, a
// full ring, exit's flush, and flex_cputs.

#include <inc/lib.h>

namespace {
constexpr size_t CPUTS_CHUNK = 64;
constexpr uint32_t FLUSH_LOOKS = 1'000'000; // at a page an awake polling thread serves
} // namespace

// flex_cputs copies its text here (one chunk per entry), so the caller's
// buffer may change before the syscall thread reads it.
PER_ENV static char cputs_chunks[FLEXSC_ENTRIES][CPUTS_CHUNK];

// By trap (sysenter where the CPU has it), never routed: in transparent mode
// the library's own calls would come back here.
static int32_t
trap(Syscall number, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0)
{
    return syscall_via(syscall_default_path, static_cast<uint32_t>(number), a1, a2, a3, 0, 0);
}

int
flexsc_register(uintptr_t va)
{
    return flexsc_register_with(va, 0, 0);
}

int
flexsc_register_polling(int cpu, uintptr_t va)
{
    return flexsc_register_with(va, FLEXSC_POLL, static_cast<uint32_t>(cpu));
}

int
flexsc_register_with(uintptr_t va, uint32_t flags, uint32_t cpu)
{
    if (flexsc_client() != nullptr)
        return to_int(Error::inval);
    // From here until the page is filled, only direct traps: flexsc_client()
    // takes a mapped client page for a complete registration.
    int r = trap(Syscall::page_alloc, 0, FLEXSC_CLIENT_VA, PTE_P | PTE_U | PTE_W | PTE_NOCOPY);
    if (r < 0)
        return r;
    r = trap(Syscall::flexsc_register, va, flags, cpu);
    if (r < 0) {
        trap(Syscall::page_unmap, 0, FLEXSC_CLIENT_VA);
        return r;
    }
    auto* client = reinterpret_cast<FlexscClient*>(FLEXSC_CLIENT_VA);
    client->next = 0;
    client->fire_and_forget = 0;
    client->poller_wake_waits = 0;
    client->in_flight = 0;
    client->page = reinterpret_cast<volatile SyscallPage*>(va);
    return 0;
}

bool
flexsc_registered()
{
    return flexsc_client() != nullptr;
}

// Whether all that is outstanding is blocked receives: at least one entry
// blocked, none submitted or busy (which a polling thread finishes without
// help). Only another environment's send completes a receive.
static bool
only_receives_outstanding(const FlexscClient& client)
{
    bool blocked = false;
    for (const volatile SyscallEntry& e : client.page->entries) {
        EntryStatus s = entry_status(e);
        if (s == EntryStatus::submitted || s == EntryStatus::busy)
            return false;
        blocked |= s == EntryStatus::blocked;
    }
    return blocked;
}

// A polling syscall thread that is awake serves entries without being asked:
// waiting for it is watching memory, not entering the kernel. But when all
// that is outstanding is blocked receives, watching would only hold this CPU
// from the sender, which may need it: then sleep in flexsc_wait, which a
// completion ends.
int
flexsc_wait_progress()
{
    FlexscClient* client = flexsc_client();
    PollerState poller = client != nullptr ? poller_state(*client->page) : PollerState::none;
    if (poller == PollerState::awake && !only_receives_outstanding(*client)) {
        for (int i = 0; i < 64; i++)
            asm volatile("pause");
        return 1; // the caller looks at its entries again
    }
    if (poller == PollerState::asleep)
        client->poller_wake_waits++;
    return flexsc_wait();
}

uint32_t
flexsc_poller_wake_waits()
{
    FlexscClient* client = flexsc_client();
    return client != nullptr ? client->poller_wake_waits : 0;
}

int
flexsc_wait()
{
    return trap(Syscall::flexsc_wait);
}

// Whether entry i (not free) is a finished fire-and-forget call, and if so
// frees it: nobody else will.
static bool
reclaim(FlexscClient& client, uint32_t i)
{
    uint64_t bit = 1ull << i;
    if (!(client.fire_and_forget & bit) ||
        entry_status(client.page->entries[i]) != EntryStatus::done)
        return false;
    client.fire_and_forget &= ~bit;
    set_entry_status(client.page->entries[i], EntryStatus::free);
    flexsc_count_reaped(client);
    return true;
}

// Finds a free entry, going round the ring from client.next (so the syscall
// thread, which also goes round, runs calls in posting order). When none is
// free, waits for the kernel to finish some. Returns the index or an error.
// No entry is free: waits until submitted entries have been served; returns
// how many completed, or 0 if none is submitted. Not for blocked receives,
// which may never complete (a new entry cannot wait on them), and not for an
// "awake" polling thread for long: that word is in the page, and whoever
// shares the page may have forged it.
static int
wait_until_served(FlexscClient& client, uint32_t& looks)
{
    if (poller_state(*client.page) == PollerState::awake && looks++ < FLUSH_LOOKS) {
        asm volatile("pause");
        return 1; // the caller looks at its entries again
    }
    if (poller_state(*client.page) == PollerState::asleep)
        client.poller_wake_waits++;
    return trap(Syscall::flexsc_wait, FLEXSC_WAIT_SERVED);
}

static int
acquire_entry(FlexscClient& client)
{
    uint32_t looks = 0;
    for (;;) {
        for (uint32_t n = 0; n < FLEXSC_ENTRIES; n++) {
            uint32_t i = (client.next + n) % FLEXSC_ENTRIES;
            if (entry_status(client.page->entries[i]) == EntryStatus::free || reclaim(client, i)) {
                client.next = (i + 1) % FLEXSC_ENTRIES;
                return static_cast<int>(i);
            }
        }
        int r = wait_until_served(client, looks);
        if (r < 0)
            return r;
        if (r == 0)
            return to_int(Error::no_mem); // nothing submitted: every entry holds an unreaped result
    }
}

// Writes the call into entry i and publishes it (release: the fields are visible first).
static void
submit(FlexscClient& client, uint32_t i, Syscall number, uint32_t a1, uint32_t a2, uint32_t a3,
       uint32_t a4, uint32_t a5)
{
    volatile SyscallEntry& e = client.page->entries[i];
    e.number = static_cast<uint32_t>(number);
    e.args[0] = a1;
    e.args[1] = a2;
    e.args[2] = a3;
    e.args[3] = a4;
    e.args[4] = a5;
    set_entry_status(e, EntryStatus::submitted);
    client.in_flight++;
}

int
flexsc_post_slow(Syscall number, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
    FlexscClient* client = flexsc_client();
    if (client == nullptr)
        return to_int(Error::inval);
    int i = acquire_entry(*client);
    if (i >= 0)
        submit(*client, static_cast<uint32_t>(i), number, a1, a2, a3, a4, a5);
    return i;
}

bool
flexsc_entry_done(int entry)
{
    FlexscClient* client = flexsc_client();
    return client != nullptr && entry >= 0 && entry < FLEXSC_ENTRIES &&
           entry_status(client->page->entries[entry]) == EntryStatus::done;
}

int32_t
flexsc_reap_slow(int entry)
{
    FlexscClient* client = flexsc_client();
    if (client == nullptr || entry < 0 || entry >= FLEXSC_ENTRIES)
        return to_int(Error::inval);
    volatile SyscallEntry& e = client->page->entries[entry];
    while (entry_status(e) != EntryStatus::done) {
        int r = flexsc_wait_progress();
        if (r < 0)
            return r;
        if (r == 0 && entry_status(e) != EntryStatus::done)
            return to_int(Error::inval); // not posted: nothing will ever complete it
    }
    int32_t result = e.result;
    set_entry_status(e, EntryStatus::free);
    flexsc_count_reaped(*client);
    return result;
}

// The entries among `among` that are still submitted.
static uint64_t
still_submitted(FlexscClient& client, uint64_t among)
{
    uint64_t left = 0;
    for (uint32_t i = 0; i < FLEXSC_ENTRIES; i++) {
        if (entry_status(client.page->entries[i]) != EntryStatus::free)
            reclaim(client, i);
        if ((among >> i & 1) && entry_status(client.page->entries[i]) == EntryStatus::submitted)
            left |= 1ull << i;
    }
    return left;
}

// Waits until every entry submitted now has been served, whatever else the
// page holds (exit calls this; a sibling sharing the page may have written
// anything). Not for blocked entries: a receive may never complete. Not for
// busy ones: the kernel serves an entry in one hold of its lock, which the
// system call after this one (exit's destroy) has to take too, so it cannot
// overtake them; a busy entry it is not serving is forged, and never changes.
void
flexsc_flush()
{
    FlexscClient* client = flexsc_client();
    if (client == nullptr)
        return;
    // An awake polling thread serves them without being asked; but the word
    // that says "awake" is in the page too, so look only so long.
    uint32_t looks = 0;
    for (uint64_t left = still_submitted(*client, ~0ull); left != 0;
         left = still_submitted(*client, left)) {
        if (poller_state(*client->page) == PollerState::awake && looks++ < FLUSH_LOOKS) {
            asm volatile("pause");
            continue;
        }
        int r = trap(Syscall::flexsc_wait, FLEXSC_WAIT_SERVED);
        if (r <= 0)
            return; // nothing left submitted (or not registered after all)
    }
}

void
flex_cputs(const char* s, size_t len)
{
    FlexscClient* client = flexsc_client();
    if (client == nullptr)
        return;
    while (len > 0) {
        int i = acquire_entry(*client);
        if (i < 0)
            return;
        size_t n = min(len, CPUTS_CHUNK);
        memcpy(cputs_chunks[i], s, n);
        client->fire_and_forget |= 1ull << i;
        submit(*client, static_cast<uint32_t>(i), Syscall::cputs,
               reinterpret_cast<uint32_t>(cputs_chunks[i]), n, 0, 0, 0);
        s += n;
        len -= n;
    }
}
