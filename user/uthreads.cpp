// The user-level thread library (inc/uthread.h) with ordinary trapping system
// calls: many threads, join, mutex contention, a condition variable, and
// misuse that must get errors. "uthreads overflow" runs a thread off the
// bottom of its stack, which must hit the guard page.

#include <inc/lib.h>
#include <inc/uthread.h>

static constexpr int WORKERS = 60;
static constexpr int ROUNDS = 20;

static Mutex counter_lock;
static int counter;
static int inside; // threads between lock and unlock: must never exceed 1
static int max_inside;

static void
worker(void* arg)
{
    for (int i = 0; i < ROUNDS; i++) {
        mutex_lock(&counter_lock);
        inside++;
        max_inside = max(max_inside, inside);
        int seen = counter;
        thread_yield(); // hold the lock across a switch: the others must queue
        counter = seen + 1;
        inside--;
        mutex_unlock(&counter_lock);
        thread_yield();
    }
    thread_exit(reinterpret_cast<int>(arg) * 2);
}

// A one-slot queue between a producer and a consumer.
static Mutex slot_lock;
static CondVar slot_changed;
static int slot = -1;
static int consumed_sum;

static void
producer(void*)
{
    for (int i = 1; i <= 100; i++) {
        mutex_lock(&slot_lock);
        while (slot != -1)
            cond_wait(&slot_changed, &slot_lock);
        slot = i;
        cond_broadcast(&slot_changed);
        mutex_unlock(&slot_lock);
    }
}

static void
consumer(void*)
{
    for (int n = 0; n < 100; n++) {
        mutex_lock(&slot_lock);
        while (slot == -1)
            cond_wait(&slot_changed, &slot_lock);
        consumed_sum += slot;
        slot = -1;
        cond_signal(&slot_changed);
        mutex_unlock(&slot_lock);
    }
}

static void
short_lived(void*)
{
}

static void
check_misuse()
{
    int self = thread_self();
    cprintf("uthreads: join self: %e\n", thread_join(self, nullptr));
    int t = thread_create(short_lived, nullptr);
    int first = thread_join(t, nullptr);
    cprintf("uthreads: join %d, then again: %e\n", first, thread_join(t, nullptr));
    cprintf("uthreads: join a thread that never was: %e\n", thread_join(12345, nullptr));
    Mutex m;
    cprintf("uthreads: unlock a free mutex: %e\n", mutex_unlock(&m));
    mutex_lock(&m);
    cprintf("uthreads: lock it twice: %e\n", mutex_lock(&m));
    CondVar c;
    mutex_unlock(&m);
    cprintf("uthreads: wait without the mutex: %e\n", cond_wait(&c, &m));
}

static volatile bool keep_recursing = true;

static void
recurse(void* depth)
{
    volatile char frame[512];
    frame[0] = static_cast<char>(reinterpret_cast<int>(depth));
    if (keep_recursing)
        recurse(reinterpret_cast<void*>(reinterpret_cast<int>(depth) + frame[0] % 2 + 1));
}

void
umain(int argc, char** argv)
{
    if (argc > 1 && strcmp(argv[1], "overflow") == 0) {
        cprintf("uthreads: a thread recurses without end\n");
        int t = thread_create(recurse, nullptr);
        thread_join(t, nullptr);
        cprintf("uthreads: SHOULD NOT get here\n");
        return;
    }

    int ids[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        ids[i] = thread_create(worker, reinterpret_cast<void*>(i));
        if (ids[i] < 0)
            panic("thread_create %d: %e", i, ids[i]);
    }
    int extra[THREAD_MAX];
    int nextra = 0, r;
    while ((r = thread_create(short_lived, nullptr)) >= 0)
        extra[nextra++] = r;
    cprintf("uthreads: %d threads in all, then thread_create: %e\n", 1 + WORKERS + nextra, r);
    for (int i = 0; i < nextra; i++)
        thread_join(extra[i], nullptr);
    int values_right = 0;
    for (int i = 0; i < WORKERS; i++) {
        int value = -1;
        int joined = thread_join(ids[i], &value);
        values_right += joined == 0 && value == 2 * i;
    }
    cprintf("uthreads: %d threads joined, %d exit values right\n", WORKERS, values_right);
    cprintf("uthreads: counter %d of %d, at most %d thread(s) inside the mutex\n", counter,
            WORKERS * ROUNDS, max_inside);

    int c = thread_create(consumer, nullptr);
    int p = thread_create(producer, nullptr);
    thread_join(p, nullptr);
    thread_join(c, nullptr);
    cprintf("uthreads: consumer got sum %d (expected 5050)\n", consumed_sum);

    check_misuse();
    cprintf("uthreads: done\n");
}
