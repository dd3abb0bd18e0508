// Receiving through the syscall page, several receives outstanding at once
// (doc/flexsc.md, "IPC through the syscall page"). Each completed entry
// carries its own message (ipc_value, ipc_from, ipc_perm): with more than one
// outstanding, thisenv->env_ipc_* says only which came last.

#include <inc/lib.h>
#include <inc/uthread.h>

int
flexsc_post_recv(void* pg)
{
    return flexsc_post(Syscall::ipc_recv, pg != nullptr ? pg : reinterpret_cast<void*>(UTOP));
}

int32_t
flexsc_reap_recv(int entry, envid_t* from_env_store, int* perm_store)
{
    if (!flexsc_entry_done(entry)) {
        if (uthread_can_park()) {
            uthread_park_on_entry(entry);
        } else {
            // flexsc_reap waits too, but reading the message after it freed
            // the entry would race with the next post.
            while (!flexsc_entry_done(entry)) {
                int r = flexsc_wait_progress();
                if (r < 0 || (r == 0 && !flexsc_entry_done(entry)))
                    return flexsc_reap(entry); // (its error: no such entry outstanding)
            }
        }
    }
    FlexscClient* client = flexsc_client();
    const volatile SyscallEntry& e = client->page->entries[entry];
    envid_t from = static_cast<envid_t>(e.ipc_from);
    int perm = static_cast<int>(e.ipc_perm);
    uint32_t value = e.ipc_value;
    int32_t r = flexsc_reap(entry);
    if (from_env_store != nullptr)
        *from_env_store = r < 0 ? 0 : from;
    if (perm_store != nullptr)
        *perm_store = r < 0 ? 0 : perm;
    return r < 0 ? r : static_cast<int32_t>(value);
}

int32_t
flexsc_ipc_recv(envid_t* from_env_store, void* pg, int* perm_store)
{
    int entry = flexsc_post_recv(pg);
    if (entry < 0) {
        if (from_env_store != nullptr)
            *from_env_store = 0;
        if (perm_store != nullptr)
            *perm_store = 0;
        return entry;
    }
    return flexsc_reap_recv(entry, from_env_store, perm_store);
}
