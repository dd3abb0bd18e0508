// The library's FlexSC client: posting calls into the syscall page and reaping
// their results (doc/flexsc.md, "The library"). The common case of each is
// inline here, a few loads and stores, so that a batch costs little more than
// the calls themselves; everything that waits or recovers is in lib/flexsc.cpp.
#pragma once

#include <inc/flexsc.h>
#include <inc/memlayout.h>

extern const volatile pte_t uvpt[];
extern const volatile pde_t uvpd[];

// This environment's registration, at FLEXSC_CLIENT_VA.
struct FlexscClient {
    volatile SyscallPage* page; // nullptr: not registered
    uint32_t next;              // the entry to post to next: posting goes round the ring
    uint64_t fire_and_forget;   // bit i: free entry i once done, nobody reaps it
    uint32_t poller_wake_waits; // flexsc_waits made because a polling thread was not awake
    uint32_t in_flight;         // entries posted and not yet reaped (or reclaimed)
};

// The registration, if this address space has one: whether the client page
// is mapped. flexsc_register_with fills the page before anything can look
// (nothing between its mapping and its filling is routed through FlexSC), and
// fork and spawn never copy it (PTE_NOCOPY), so a mapped page is a complete
// registration. (Once per post and per reap, so two looks, not three.)
inline FlexscClient*
flexsc_client()
{
    if (!(uvpd[FLEXSC_CLIENT_VA >> PDXSHIFT] & PTE_P) ||
        !(uvpt[FLEXSC_CLIENT_VA >> PGSHIFT] & PTE_P))
        return nullptr;
    return reinterpret_cast<FlexscClient*>(FLEXSC_CLIENT_VA);
}

// How transparent mode (lib/flexsc_route.cpp) routes the library's calls.
enum class FlexscRouting {
    off,    // every call by trap or sysenter
    hybrid, // posted when that can pay (calls in flight, threads ready, a poller awake),
            // else sysenter
    always, // every call posted
};

// The slow paths (lib/flexsc.cpp): the next entry is not free (reclaim or
// wait), the entry is not done yet (wait), or the arguments are wrong.
int flexsc_post_slow(Syscall number, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
                     uint32_t a5);
int32_t flexsc_reap_slow(int entry);

// A call's argument as the entry holds it: an integer, or a pointer's address.
template <typename T>
inline uint32_t
flexsc_arg(T value)
{
    return static_cast<uint32_t>(value);
}

template <typename T>
inline uint32_t
flexsc_arg(T* pointer)
{
    return reinterpret_cast<uintptr_t>(pointer);
}

inline uint32_t
flexsc_arg(decltype(nullptr))
{
    return 0;
}

// Posts a call with up to five arguments (integers or pointers); returns its entry index, or
// an error (inval: not registered; no_mem: every entry holds a result nobody
// reaped). Calls run in the order they are posted. Only the arguments given
// are written: a handler reads no others, and the kernel copies the entry
// once whatever it holds.
template <typename... Args>
inline int
flexsc_post(Syscall number, Args... args)
{
    static_assert(sizeof...(Args) <= FLEXSC_MAX_ARGS, "a system call takes at most 5 arguments");
    if (FlexscClient* client = flexsc_client()) {
        uint32_t i = client->next;
        volatile SyscallEntry& e = client->page->entries[i];
        if (entry_status(e) == EntryStatus::free) {
            client->next = (i + 1) % FLEXSC_ENTRIES;
            client->in_flight++;
            e.number = static_cast<uint32_t>(number);
            [[maybe_unused]] size_t k = 0;
            [[maybe_unused]] auto put = [&](uint32_t arg) { e.args[k++] = arg; };
            (put(flexsc_arg(args)), ...);
            set_entry_status(e, EntryStatus::submitted);
            return static_cast<int>(i);
        }
    }
    uint32_t a[FLEXSC_MAX_ARGS] = {flexsc_arg(args)...};
    return flexsc_post_slow(number, a[0], a[1], a[2], a[3], a[4]);
}

// One call reaped: in_flight counts it no more. (A program may reap what it
// never posted, say an entry a sibling sharing the page posted: the count
// stays at 0 then.)
inline void
flexsc_count_reaped(FlexscClient& client)
{
    if (client.in_flight != 0)
        client.in_flight--;
}

// Waits for the entry's call, frees the entry and returns the call's result
// (or inval: not registered, or no such entry outstanding).
inline int32_t
flexsc_reap(int entry)
{
    FlexscClient* client = flexsc_client();
    if (client != nullptr && static_cast<uint32_t>(entry) < FLEXSC_ENTRIES) {
        volatile SyscallEntry& e = client->page->entries[entry];
        if (entry_status(e) == EntryStatus::done) {
            int32_t result = e.result; // after the status: its acquire makes the result visible
            set_entry_status(e, EntryStatus::free);
            flexsc_count_reaped(*client);
            return result;
        }
    }
    return flexsc_reap_slow(entry);
}

// Makes a call through the syscall page and waits for its result: what the
// same call by trap returns (doc/flexsc.md lists the few differences), or
// inval when this environment is not registered.
template <typename... Args>
inline int32_t
flexsc_call(Syscall number, Args... args)
{
    int entry = flexsc_post(number, args...);
    return entry < 0 ? entry : flexsc_reap(entry);
}
