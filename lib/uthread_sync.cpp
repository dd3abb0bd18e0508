// Mutexes and condition variables for user-level threads (inc/uthread.h).
// Threads switch only when one blocks or yields, so the checks and queue
// updates here need no atomic instructions.

#include <inc/lib.h>
#include <lib/uthread_impl.h>

int
mutex_lock(Mutex* m)
{
    int self = thread_self();
    if (m->owner == self)
        return to_int(Error::inval);
    if (m->owner == 0) {
        m->owner = self;
        return 0;
    }
    // mutex_unlock hands the mutex straight to the first waiter, so a thread
    // that woke up owns it: nobody can overtake the queue.
    uthread_block_on(m->waiters);
    return 0;
}

int
mutex_unlock(Mutex* m)
{
    if (m->owner != thread_self())
        return to_int(Error::inval);
    Thread* next = uthread_wake_one(m->waiters);
    m->owner = next != nullptr ? next->id : 0;
    return 0;
}

int
cond_wait(CondVar* c, Mutex* m)
{
    int r = mutex_unlock(m);
    if (r < 0)
        return r;
    // No thread runs between the unlock and the block (threads switch only
    // when one blocks or yields), so a signal cannot slip in between.
    uthread_block_on(c->waiters);
    return mutex_lock(m);
}

void
cond_signal(CondVar* c)
{
    uthread_wake_one(c->waiters);
}

void
cond_broadcast(CondVar* c)
{
    while (uthread_wake_one(c->waiters) != nullptr)
        ;
}
