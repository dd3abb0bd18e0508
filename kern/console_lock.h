// The console lock: output from several CPUs comes out a line at a time.
//
// What is atomic (kern/console_output.cpp):
//  - a kernel cprintf: the whole call, and a partial line it leaves is kept
//    in this CPU's line buffer until a later cprintf on the CPU ends the line
//    (the trap frame printer builds lines from several calls). A line longer
//    than the buffer goes out in buffer-sized pieces.
//  - a sys_cputs (by trap, sysenter or FlexSC): the whole call. lib/printf.cpp
//    sends one cprintf per call, so a user line is one call unless it is
//    longer than its 256-byte buffer.
//
// The lock is separate from the kernel lock and innermost: a CPU may take it
// holding the kernel lock, never the other way round (the holder only writes
// to the devices). It is recursive on one CPU, so a panic or fault while
// printing prints on instead of spinning on itself; such a nested print goes
// straight to the devices. After a panic, a CPU that has waited long for it
// takes it anyway: the holder may never release it.
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

// Takes the console lock for its lifetime.
class ConsoleLockGuard {
public:
    ConsoleLockGuard();
    ~ConsoleLockGuard();
    ConsoleLockGuard(const ConsoleLockGuard&) = delete;
    ConsoleLockGuard& operator=(const ConsoleLockGuard&) = delete;

    // Whether this CPU already held the lock (a print inside a print).
    bool nested() const { return m_nested; }

private:
    bool m_nested;
};
