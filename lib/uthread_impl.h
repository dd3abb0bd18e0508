// What the thread library's files share (lib/uthread.cpp, lib/uthread_sync.cpp).
#pragma once

#include <inc/uthread.h>

enum class ThreadState : uint8_t {
    free,       // slot unused
    ready,      // can run
    running,    // the current thread
    blocked,    // on a mutex, condition variable or join
    in_syscall, // waiting for its FlexSC entry
    exited,     // ended; waits for a join to free the slot
};

struct Thread {
    uint32_t saved_sp; // while not running: where uthread_switch left its registers
    ThreadState state;
    int id; // slot + 1 + THREAD_MAX * generation
    ThreadFunc fn;
    void* arg;
    int exit_value;
    int entry;         // in_syscall: the entry it waits for
    Thread* joiner;    // the thread blocked joining this one, or nullptr
    bool join_claimed; // some thread joins, or joined, this one
    bool stack_mapped; // the slot's stack pages exist (they are kept for reuse)
    Thread* next;      // in a ThreadQueue
};

Thread* uthread_current();
// Blocks the current thread on q until uthread_wake_one takes it off.
void uthread_block_on(ThreadQueue& q);
// Makes the first thread waiting on q runnable; returns it (nullptr: none).
Thread* uthread_wake_one(ThreadQueue& q);
