// Walking the kernel stack's chain of saved frame pointers, for backtraces and
// lock records. Each frame, from its base pointer up: [ebp] = the caller's ebp,
// [ebp+4] = the return address, [ebp+8...] = the arguments.
#pragma once

#ifndef JOS_KERNEL
#error "kernel-only header"
#endif

#include <inc/types.h>

struct StackFrame {
    uintptr_t ebp;
    uintptr_t eip;    // the return address
    uint32_t args[5]; // the words above it; 0 where they would lie past the stack's top
};

// The walk never leaves the kernel stack it starts on, and each step must go
// up that stack: a saved ebp that does not (a user's value that reached the
// kernel, a corrupted frame) ends the walk instead of being followed.
class FrameWalk {
public:
    // Starts at the frame whose base pointer is ebp (read_ebp() for the caller's).
    explicit FrameWalk(uintptr_t ebp);
    // Fills frame with the next frame up; false when the chain has ended.
    bool next(StackFrame& frame);
    // The same with only the return address, for the kernel lock's record of
    // its taker on every kernel entry.
    bool next_return_address(uintptr_t& eip);

private:
    uintptr_t m_ebp;
    uintptr_t m_low;
    uintptr_t m_high;
};
