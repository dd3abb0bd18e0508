// User-level threads (lib/uthread.cpp, lib/uthread_sync.cpp): many threads
// in one environment, switched in user space, never seen by the kernel.
//
// Each thread has its own stack (THREAD_STACK_PAGES pages, an unmapped guard
// page below it, so an overflow faults instead of overwriting a neighbour).
// Scheduling is cooperative: a thread runs until it yields, blocks on a mutex,
// condition variable or join, or makes a system call in FlexSC-Threads mode.
//
// FlexSC-Threads (flexsc_threads_start): every system call a thread makes is
// posted to the syscall page and the thread sleeps while another runs; a
// completed entry makes its thread runnable again. Only when no thread can run
// does the library enter the kernel (flexsc_wait). A blocking call (ipc_recv)
// blocks only its own thread.
//
// Returning from umain ends the whole environment, as exit() does; a thread
// that wants the others to finish joins them first. A fork child has only
// the thread that called fork (as with POSIX).
#pragma once

#include <inc/types.h>
#include <inc/flexsc_client.h>

#define THREAD_MAX 64            // threads alive at once, the main thread included
#define THREAD_STACK_PAGES 4     // 16 KiB per thread
#define THREAD_STACKS 0xE0000000 // thread i's stack region: THREAD_STACKS + i * (pages + guard)

using ThreadFunc = void (*)(void* arg);

// Starts fn(arg) in a new thread; returns its id (> 0). Errors: no_mem (no
// free thread slot, or no memory for the stack).
int thread_create(ThreadFunc fn, void* arg);
// Ends the calling thread with `value` for its joiner. The last thread to end ends the environment.
[[noreturn]] void thread_exit(int value);
// Waits for thread `id` to end; stores its exit value if value_store is not
// null. Errors: inval (id is the caller, no such thread, or another thread
// already joins it or joined it).
int thread_join(int id, int* value_store);
// Lets the other runnable threads run first.
void thread_yield();
// The calling thread's id (the main thread is 1).
int thread_self();

// Threads waiting on one object, first come first served.
struct Thread;
struct ThreadQueue {
    Thread* head = nullptr;
    Thread* tail = nullptr;
};

struct Mutex {
    int owner = 0; // thread id, 0: unlocked
    ThreadQueue waiters;
};
// Errors: inval (the caller already holds it).
int mutex_lock(Mutex* m);
// Errors: inval (the caller does not hold it).
int mutex_unlock(Mutex* m);

struct CondVar {
    ThreadQueue waiters;
};
// Unlocks m, sleeps until signalled, locks m again. Errors: inval (m not held).
int cond_wait(CondVar* c, Mutex* m);
void cond_signal(CondVar* c);
void cond_broadcast(CondVar* c);

// Turns on FlexSC-Threads mode (registering the syscall page if needed): from
// now on the system calls of this environment go through FlexSC (those that
// can pay, or all with FlexscRouting::always: inc/flexsc_client.h), and a
// thread waiting for one lets the others run. Errors: those of flexsc_register.
int flexsc_threads_start(FlexscRouting how = FlexscRouting::hybrid);

// For the library's FlexSC routing (lib/flexsc_route.cpp): whether a call
// may park the current thread (threads exist and it is not a page-fault
// upcall), and parking it until the entry completes.
bool uthread_can_park();
void uthread_park_on_entry(int entry);
// Whether a thread other than the current one is ready to run.
bool uthread_others_ready();
// For fork (lib/fork.cpp), around the copy of the address space: no parking
// in between; in the child (in_child), only the thread that forked is kept.
void uthread_fork_begins();
void uthread_fork_ends(bool in_child);
