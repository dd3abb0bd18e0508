// The system call fuzzer (doc/security.md, "The fuzzer"):
//
//     fuzz SEED [CALLS] [CLASSES] [trace]
//
// The conductor (this environment) forks children that make CALLS random
// system calls in all (default 10000), a few children at a time; each child
// draws its calls from SEED and its own number, so one seed replays the same
// calls: `make run-fuzz-nox ARGS="SEED CALLS CLASSES"`. CLASSES names the
// hostile classes to switch on ("safe", "all", or a list such as
// "safe+uvpt+ebp"; or a mask such as 0x3f; user/fuzz.h), and "trace" prints
// every call before it is made. The conductor destroys some children in the
// middle of their calls, unblocks children that wait for a message or stopped
// themselves, and reports a child that stops making progress. It prints
//     fuzz: seed S: N calls so far      (every 5000 calls)
//     fuzz: seed S: N calls ok in T ms  (at the end, if no check failed)
// and, for a failure it can see, "fuzz: FAILED: ..." with the child's last calls.

#include "fuzz.h"
#include "fuzz_rng.h"

static constexpr uint32_t CALLS_PER_CHILD = 400;
static constexpr uint32_t CHILDREN_AT_ONCE = 3;
static constexpr uint32_t REPORT_EVERY = 5000;
static constexpr uint32_t STALL_MSEC = 5000;    // no progress although unblocked: a hang
static constexpr uint32_t CLEANUP_MSEC = 10000; // for the last environments to go

static const struct {
    const char* name;
    uint32_t bits;
} class_names[] = {
    {"regs", FUZZ_REGS},
    {"frames", FUZZ_FRAMES},
    {"flexsc", FUZZ_FLEXSC},
    {"kill", FUZZ_KILL},
    {"uvpt", FUZZ_UVPT},
    {"ebp", FUZZ_EBP},
    {"usertrap", FUZZ_USERTRAP},
    {"biglen", FUZZ_BIGLEN},
    {"safe", FUZZ_SAFE},
    {"all", FUZZ_ALL},
    {"none", 0},
};

// "safe+ebp" or "0x21"; returns false for a name nobody knows. (Not commas:
// QEMU's -fw_cfg option, which carries the boot argument, splits at them.)
static bool
parse_classes(const char* s, uint32_t& classes)
{
    if (*s >= '0' && *s <= '9') {
        classes = static_cast<uint32_t>(strtol(s, nullptr, 0)) & FUZZ_ALL;
        return true;
    }
    classes = 0;
    while (*s != '\0') {
        const char* plus = strchr(s, '+');
        size_t len = plus != nullptr ? static_cast<size_t>(plus - s) : strlen(s);
        bool known = false;
        for (const auto& c : class_names) {
            if (strlen(c.name) == len && strncmp(c.name, s, len) == 0) {
                classes |= c.bits;
                known = true;
            }
        }
        if (!known)
            return false;
        s += len + (plus != nullptr);
    }
    return true;
}

static void
print_classes(uint32_t classes)
{
    for (int i = 0; i < 8; i++) {
        if (classes & class_names[i].bits)
            cprintf(" %s", class_names[i].name);
    }
    if (classes == 0)
        cprintf(" none");
}

// What the conductor keeps about each running child.
struct Watch {
    uint32_t kill_at; // destroy it once it started this many calls (0: never)
    uint32_t last_calls;
    uint32_t last_progress; // sys_time_msec() when its count last moved
};

static FuzzShared* sh;
static Watch watches[FUZZ_SLOTS];

static bool
gone(envid_t id)
{
    const volatile Env& e = envs[ENVX(id)];
    return e.env_id != id || e.env_status == ENV_FREE;
}

static void
launch(FuzzRng& rng, FuzzSlot& s, Watch& w, uint32_t index, uint32_t budget)
{
    s.index = index;
    s.calls = 0;
    s.budget = budget;
    s.victim = (sh->classes & FUZZ_KILL) && rng.one_in(3);
    for (auto& c : s.ring)
        c.seq = 0;
    w.kill_at = s.victim ? 1 + rng.below(budget) : 0;
    w.last_calls = 0;
    w.last_progress = sys_time_msec();
    envid_t id = fork();
    if (id == 0)
        fuzz_child(s);
    if (id < 0) {
        cprintf("fuzz: fork: %e (trying again)\n", id);
        return;
    }
    s.env = id;
}

// Children wait for a message or stop themselves: the conductor lets them go on.
// One that runs and still makes no progress has hung.
static void
watch(FuzzSlot& s, Watch& w)
{
    uint32_t now = sys_time_msec();
    if (s.calls != w.last_calls) {
        w.last_calls = s.calls;
        w.last_progress = now;
    }
    if (w.kill_at != 0 && s.calls >= w.kill_at) {
        sys_env_destroy(s.env);
        w.kill_at = 0;
        return;
    }
    const volatile Env& e = envs[ENVX(s.env)];
    if (e.env_status == ENV_NOT_RUNNABLE) {
        if (e.env_ipc_recving)
            sys_ipc_try_send(s.env, 0, reinterpret_cast<void*>(UTOP), 0);
        else
            sys_env_set_status(s.env, ENV_RUNNABLE);
        w.last_progress = now;
    } else if (now - w.last_progress > STALL_MSEC) {
        sh->failures++;
        cprintf(
            "fuzz: FAILED: seed %u child w%u (%08x) made no progress for %u ms; its last calls:\n",
            sh->seed, s.index, s.env, now - w.last_progress);
        fuzz_print_ring(s);
        sys_env_destroy(s.env);
        w.last_progress = now;
    }
}

// Waits until every environment but this one is gone; false if some stay.
static bool
wait_for_everyone()
{
    uint32_t start = sys_time_msec();
    for (;;) {
        int left = 0;
        for (int i = 0; i < NENV; i++)
            left += envs[i].env_status != ENV_FREE && envs[i].env_id != sh->conductor;
        if (left == 0)
            return true;
        if (sys_time_msec() - start > CLEANUP_MSEC)
            break;
        sys_yield();
    }
    cprintf("fuzz: FAILED: seed %u: environments left after the run:\n", sh->seed);
    for (int i = 0; i < NENV; i++) {
        const volatile Env& e = envs[i];
        if (e.env_status != ENV_FREE && e.env_id != sh->conductor)
            cprintf("fuzz:   %08x parent %08x status %u type %u\n", e.env_id, e.env_parent_id,
                    e.env_status, e.env_type);
    }
    return false;
}

static void
run(uint32_t calls)
{
    FuzzRng rng(fuzz_child_seed(sh->seed, 0xffffffffu));
    uint32_t done = 0, next_index = 0, next_report = REPORT_EVERY;
    for (;;) {
        uint32_t alive = 0, promised = 0;
        for (int i = 0; i < FUZZ_SLOTS; i++) {
            FuzzSlot& s = sh->slots[i];
            if (s.env == 0)
                continue;
            if (gone(s.env)) {
                done += min(s.calls, s.budget);
                s.env = 0;
                continue;
            }
            watch(s, watches[i]);
            alive++;
            promised += s.budget;
        }
        for (; done >= next_report; next_report += REPORT_EVERY)
            cprintf("fuzz: seed %u: %u calls so far\n", sh->seed, next_report);
        for (int i = 0; i < FUZZ_SLOTS && alive < CHILDREN_AT_ONCE && done + promised < calls;
             i++) {
            FuzzSlot& s = sh->slots[i];
            if (s.env != 0)
                continue;
            uint32_t budget = min(CALLS_PER_CHILD, calls - done - promised);
            launch(rng, s, watches[i], next_index++, budget);
            if (s.env != 0) {
                alive++;
                promised += budget;
            }
        }
        if (alive == 0 && done >= calls)
            return;
        sys_yield();
    }
}

void
umain(int argc, char** argv)
{
    uint32_t seed = argc > 1 ? static_cast<uint32_t>(strtol(argv[1], nullptr, 0)) : 1;
    uint32_t calls = argc > 2 ? static_cast<uint32_t>(strtol(argv[2], nullptr, 0)) : 10000;
    uint32_t classes = FUZZ_SAFE;
    if (argc > 3 && !parse_classes(argv[3], classes)) {
        cprintf("fuzz: unknown class in \"%s\"; known:", argv[3]);
        print_classes(FUZZ_ALL);
        cprintf(", safe, all, none\n");
        return;
    }
    int r = sys_page_alloc(0, reinterpret_cast<void*>(FUZZ_SHARED_VA),
                           PTE_P | PTE_U | PTE_W | PTE_SHARE);
    if (r < 0) {
        cprintf("fuzz: no shared page: %e\n", r);
        return;
    }
    sh = fuzz_shared();
    sh->seed = seed;
    sh->classes = classes;
    sh->trace = argc > 4 && strcmp(argv[4], "trace") == 0;
    sh->conductor = thisenv->env_id;
    cprintf("fuzz: seed %u, %u calls, classes", seed, calls);
    print_classes(classes);
    cprintf(" (0x%x)\nfuzz: replay: make run-fuzz-nox ARGS=\"%u %u 0x%x\" (and the same CPUS=)\n",
            classes, seed, calls, classes);

    uint32_t start = sys_time_msec();
    run(calls);
    bool clean = wait_for_everyone();
    if (sh->failures == 0 && clean)
        cprintf("fuzz: seed %u: %u calls ok in %u ms\n", seed, calls, sys_time_msec() - start);
    else
        cprintf("fuzz: seed %u: %u calls, FAILED (%u failed checks%s)\n", seed, calls, sh->failures,
                clean ? "" : ", environments left");
}
