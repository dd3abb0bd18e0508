// The receives an environment has outstanding through its syscall page, one
// per posted ipc_recv entry, oldest first (kern/flexsc_recv.cpp; the
// semantics are in doc/flexsc.md, "IPC through the syscall page").
#pragma once

#include <inc/flexsc.h>
#include <inc/types.h>

struct FlexscReceive {
    uint32_t entry;  // the entry, blocked until a send completes it
    uintptr_t dstva; // where that send's page goes (>= UTOP: no page)
};

// A ring of at most FLEXSC_ENTRIES receives: an entry holds one at a time.
// Part of a registration: zeroed with it, so a new registration has none.
struct FlexscReceiveQueue {
    FlexscReceive ring[FLEXSC_ENTRIES];
    uint32_t head; // the oldest
    uint32_t count;
};
