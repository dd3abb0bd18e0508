// User-level threads: creation, the scheduler, exit and join (inc/uthread.h).
// Mutexes and condition variables are in lib/uthread_sync.cpp.

#include <inc/lib.h>
#include <lib/uthread_impl.h>

extern "C" void uthread_switch(uint32_t* save_sp, uint32_t next_sp); // lib/uthread_switch.S

static constexpr uintptr_t SLOT_SIZE = (THREAD_STACK_PAGES + 1) * PGSIZE; // stack + guard
static_assert(THREAD_STACKS + THREAD_MAX * SLOT_SIZE <= USTACKTOP - PGSIZE);
static_assert(THREAD_STACKS >= FILEDATA + MAXFD * PTSIZE, "thread stacks overlap the file data");

// PER_ENV: an sfork child starts with its own single thread.
PER_ENV static Thread threads[THREAD_MAX];
PER_ENV static Thread* current;

// Slot 0 is the thread umain runs in, on the ordinary stack.
static void
init_threads()
{
    if (current != nullptr)
        return;
    for (int i = 0; i < THREAD_MAX; i++)
        threads[i].id = i + 1;
    current = &threads[0];
    current->state = ThreadState::running;
}

static void
keep_only_the_forking_thread()
{
    // As with POSIX fork, the child runs only the thread that forked: the
    // others' calls in flight belong to the parent's syscall page.
    if (current == nullptr)
        return;
    for (Thread& t : threads) {
        if (&t != current && t.state != ThreadState::free) {
            t.state = ThreadState::free;
            t.id += THREAD_MAX;
        }
    }
    current->state = ThreadState::running;
    current->joiner = nullptr; // (queues that still name freed threads skip them)
}

// fork's own calls must not park the forking thread: the other threads would
// run (and write memory) while the child's copy of the address space is made.
PER_ENV static bool forking;

void
uthread_fork_begins()
{
    forking = true;
}

void
uthread_fork_ends(bool in_child)
{
    if (in_child)
        keep_only_the_forking_thread();
    forking = false;
}

Thread*
uthread_current()
{
    init_threads();
    return current;
}

int
thread_self()
{
    return uthread_current()->id;
}

static bool
on_exception_stack()
{
    uintptr_t sp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    return sp >= UXSTACKTOP - PGSIZE && sp < UXSTACKTOP;
}

bool
uthread_can_park()
{
    // A page-fault upcall runs on the one exception stack, whoever it interrupted:
    // it must finish before any other thread runs.
    return current != nullptr && !forking && !on_exception_stack();
}

// Threads whose FlexSC entry completed become runnable.
static bool
wake_finished_syscalls()
{
    bool any = false;
    for (Thread& t : threads) {
        if (t.state == ThreadState::in_syscall && flexsc_entry_done(t.entry)) {
            t.state = ThreadState::ready;
            any = true;
        }
    }
    return any;
}

static Thread*
pick_ready(const Thread* after)
{
    int start = static_cast<int>(after - threads) + 1;
    for (int n = 0; n < THREAD_MAX; n++) {
        Thread* t = &threads[(start + n) % THREAD_MAX];
        if (t->state == ThreadState::ready)
            return t;
    }
    return nullptr;
}

bool
uthread_others_ready()
{
    if (current == nullptr)
        return false; // no threads
    for (const Thread& t : threads) {
        if (t.state == ThreadState::ready)
            return true;
    }
    return false;
}

static bool
any_in_syscall()
{
    for (const Thread& t : threads) {
        if (t.state == ThreadState::in_syscall)
            return true;
    }
    return false;
}

// Runs the next runnable thread; the caller has already set current's new
// state. Returns when current is chosen again. Only when nothing can run does
// it enter the kernel, to wait for FlexSC entries.
static void
run_next()
{
    Thread* prev = current;
    for (;;) {
        wake_finished_syscalls();
        Thread* next = pick_ready(prev);
        if (next != nullptr) {
            next->state = ThreadState::running;
            if (next != prev) {
                current = next;
                uthread_switch(&prev->saved_sp, next->saved_sp);
            }
            return;
        }
        if (!any_in_syscall())
            panic("threads: every thread is blocked (a deadlock)");
        int r = flexsc_wait_progress();
        if (r < 0)
            panic("threads: flexsc_wait: %e", r);
        if (r == 0 && !wake_finished_syscalls())
            panic("threads: a thread waits for a FlexSC entry that is not outstanding");
    }
}

void
uthread_park_on_entry(int entry)
{
    current->state = ThreadState::in_syscall;
    current->entry = entry;
    run_next();
}

void
uthread_block_on(ThreadQueue& q)
{
    Thread* self = uthread_current();
    self->next = nullptr;
    if (q.tail != nullptr)
        q.tail->next = self;
    else
        q.head = self;
    q.tail = self;
    self->state = ThreadState::blocked;
    run_next();
}

Thread*
uthread_wake_one(ThreadQueue& q)
{
    while (Thread* t = q.head) {
        q.head = t->next;
        if (q.head == nullptr)
            q.tail = nullptr;
        t->next = nullptr;
        // A fork child's queues may still name threads it does not have.
        if (t->state == ThreadState::blocked) {
            t->state = ThreadState::ready;
            return t;
        }
    }
    return nullptr;
}

void
thread_yield()
{
    uthread_current()->state = ThreadState::ready;
    run_next();
}

// Where every new thread starts: uthread_switch "returns" here.
static void
thread_start()
{
    current->fn(current->arg);
    thread_exit(0);
}

static uintptr_t
slot_stack_top(const Thread* t)
{
    return THREAD_STACKS + (t - threads + 1) * SLOT_SIZE;
}

// Maps the slot's stack pages; the lowest page of the slot stays unmapped (the guard).
static int
map_stack(Thread* t)
{
    if (t->stack_mapped)
        return 0;
    uintptr_t top = slot_stack_top(t);
    for (uintptr_t va = top - THREAD_STACK_PAGES * PGSIZE; va < top; va += PGSIZE) {
        int r = sys_page_alloc(0, reinterpret_cast<void*>(va), PTE_P | PTE_U | PTE_W);
        if (r < 0)
            return r;
    }
    t->stack_mapped = true;
    return 0;
}

int
thread_create(ThreadFunc fn, void* arg)
{
    init_threads();
    Thread* t = nullptr;
    for (Thread& candidate : threads) {
        if (candidate.state == ThreadState::free) {
            t = &candidate;
            break;
        }
    }
    if (t == nullptr)
        return to_int(Error::no_mem);
    int r = map_stack(t);
    if (r < 0)
        return r;

    // The stack as uthread_switch leaves it: edi, esi, ebx, ebp, return
    // address, and a null return address for thread_start itself.
    auto* sp = reinterpret_cast<uint32_t*>(slot_stack_top(t));
    *--sp = 0;
    *--sp = reinterpret_cast<uint32_t>(&thread_start);
    for (int reg = 0; reg < 4; reg++)
        *--sp = 0;
    t->saved_sp = reinterpret_cast<uint32_t>(sp);
    t->fn = fn;
    t->arg = arg;
    t->exit_value = 0;
    t->joiner = nullptr;
    t->join_claimed = false;
    t->state = ThreadState::ready;
    return t->id;
}

static bool
any_thread_alive()
{
    for (const Thread& t : threads) {
        if (t.state != ThreadState::free && t.state != ThreadState::exited)
            return true;
    }
    return false;
}

void
thread_exit(int value)
{
    Thread* self = uthread_current();
    self->exit_value = value;
    self->state = ThreadState::exited;
    if (self->joiner != nullptr && self->joiner->state == ThreadState::blocked)
        self->joiner->state = ThreadState::ready;
    if (!any_thread_alive())
        exit();
    run_next();
    panic("threads: an exited thread ran again");
}

// The thread with this id, if it is alive or exited and not yet joined.
static Thread*
find_thread(int id)
{
    if (id <= 0)
        return nullptr;
    Thread* t = &threads[(id - 1) % THREAD_MAX];
    return t->id == id && t->state != ThreadState::free ? t : nullptr;
}

int
thread_join(int id, int* value_store)
{
    Thread* self = uthread_current();
    Thread* t = find_thread(id);
    if (t == nullptr || t == self || t->join_claimed)
        return to_int(Error::inval);
    t->join_claimed = true;
    if (t->state != ThreadState::exited) {
        t->joiner = self;
        self->state = ThreadState::blocked;
        run_next();
    }
    if (value_store != nullptr)
        *value_store = t->exit_value;
    // Free the slot; the next thread in it gets a new id, so stale ids fail.
    t->state = ThreadState::free;
    t->id += THREAD_MAX;
    return 0;
}
