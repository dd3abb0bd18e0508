// The file server under N concurrent clients, for make bench (doc/bench.md,
// "Servers"). The same total work, reading BENCH_BYTES of /benchdata in 4 KiB
// requests, is split among N = 1, 4, 16 clients; each reads its own slice.
//   benchserv fs [quick]          N client environments (fork), by trap
//   +flexsc=always benchserv fs [quick]  the same, in transparent FlexSC mode,
//                                 every call posted (plain +flexsc, the hybrid,
//                                 makes a lone client's calls by sysenter)
//   benchserv fs threads [quick]  N FlexSC-Threads threads in one environment, each
//                                 with its own requests in flight, to a file server
//                                 on FlexSC-Threads (file_threads_start)
//   benchserv fs poll [quick]     the same, with a polling syscall thread on CPU 1
// Each (mode, N) prints one BENCH line per repetition, with calls = file
// server requests and the system-wide counters of the run (user/bench.h).
//   benchserv fs check            every mode at N = 4, 4 reads, one run
//                                 (grade/test_bench_servers.py)
// Every run also says that all its clients finished with every byte right.

#include "bench.h"
#include <inc/uthread.h>

namespace {
constexpr size_t READ_SIZE = PGSIZE;
constexpr int CLIENT_COUNTS[] = {1, 4, 16};
constexpr int MAX_CLIENTS = 16;

struct Run {
    const char* mode;
    size_t total; // bytes read over all clients
    int clients;
    bool threads; // clients are threads of this environment, not environments
};

// A client's slice and what it found; a thread writes only its own.
struct Slice {
    int index;
    size_t offset;
    size_t length;
    size_t bytes_right; // bytes read that held the expected pattern
};
} // namespace

// Reads slice s of /benchdata, whose byte i is i mod 251 (fs/fsformat).
static void
read_slice(Slice& s)
{
    static char bufs[MAX_CLIENTS][READ_SIZE]; // one per thread; each env has its own copy
    char* buf = bufs[s.index];
    int fd = open("/benchdata", O_RDONLY);
    if (fd < 0)
        panic("open /benchdata: %e", fd);
    seek(fd, static_cast<off_t>(s.offset));
    for (size_t done = 0; done < s.length;) {
        ssize_t n = read(fd, buf, min(READ_SIZE, s.length - done));
        if (n <= 0)
            panic("read /benchdata at %u: %e", static_cast<uint32_t>(s.offset + done),
                  static_cast<int>(n));
        // A sample of the bytes, so that checking costs little next to the requests.
        bool right = true;
        for (ssize_t i = 0; i < n; i += 61)
            right &= static_cast<uint8_t>(buf[i]) == (s.offset + done + i) % 251;
        if (right)
            s.bytes_right += n;
        done += n;
    }
    close(fd);
}

static void
client_thread(void* arg)
{
    read_slice(*static_cast<Slice*>(arg));
    thread_exit(0);
}

// What the clock and the counters say over the clients' work alone.
struct Span {
    KStats before, after;
    uint64_t start, cycles;
};

static void
span_start(Span& span)
{
    span.before = kstats_by_trap();
    span.start = read_tsc();
}

static void
span_stop(Span& span)
{
    span.cycles = read_tsc() - span.start;
    span.after = kstats_by_trap();
}

// A fork child's first writes to its buffer, its stack and the library's
// request page are copy-on-write faults: taken here, before the clock, as the
// threads of the other modes never take them.
static void
warm_up_client(const Slice& s)
{
    Slice probe{s.index, s.offset, READ_SIZE, 0};
    read_slice(probe);
}

// N environments: each warms up, says it is ready, waits for the word to go,
// reads, and answers with the number of right bytes. The parent says go only
// when all are ready: a go that arrived while a child waited for the file
// server would be taken for the server's answer. Fork is not timed.
static void
run_env_clients(Slice* slices, int n, Span& span)
{
    envid_t kids[MAX_CLIENTS];
    for (int i = 0; i < n; i++) {
        kids[i] = fork();
        if (kids[i] < 0)
            panic("fork: %e", kids[i]);
        if (kids[i] == 0) {
            warm_up_client(slices[i]);
            ipc_send(thisenv->env_parent_id, 0, nullptr, 0);
            ipc_recv(nullptr, nullptr, nullptr);
            read_slice(slices[i]);
            ipc_send(thisenv->env_parent_id, static_cast<uint32_t>(slices[i].bytes_right), nullptr,
                     0);
            exit();
        }
    }
    for (int i = 0; i < n; i++)
        ipc_recv(nullptr, nullptr, nullptr);
    span_start(span);
    for (int i = 0; i < n; i++)
        ipc_send(kids[i], 0, nullptr, 0);
    for (int i = 0; i < n; i++) {
        envid_t from;
        int32_t right = ipc_recv(&from, nullptr, nullptr);
        for (int k = 0; k < n; k++) {
            if (kids[k] == from)
                slices[k].bytes_right = static_cast<size_t>(right);
        }
    }
    span_stop(span);
}

static void
run_thread_clients(Slice* slices, int n, Span& span)
{
    span_start(span);
    int ids[MAX_CLIENTS];
    for (int i = 0; i < n; i++) {
        ids[i] = thread_create(client_thread, &slices[i]);
        if (ids[i] < 0)
            panic("thread_create: %e", ids[i]);
    }
    for (int i = 0; i < n; i++)
        thread_join(ids[i], nullptr);
    span_stop(span);
}

static void
measure(const Run& run)
{
    Slice slices[MAX_CLIENTS];
    size_t share = run.total / run.clients;
    for (int i = 0; i < run.clients; i++)
        slices[i] = Slice{i, i * share, share, 0};

    Span span;
    if (run.threads)
        run_thread_clients(slices, run.clients, span);
    else
        run_env_clients(slices, run.clients, span);
    const KStats& before = span.before;
    const KStats& after = span.after;

    size_t right = 0;
    for (int i = 0; i < run.clients; i++)
        right += slices[i].bytes_right;
    char name[48];
    snprintf(name, sizeof(name), "fs/%s/n%d", run.mode, run.clients);
    if (right != run.total) {
        cprintf("BENCH error %s: %u of %u bytes right\n", name, static_cast<uint32_t>(right),
                static_cast<uint32_t>(run.total));
        return;
    }
    cprintf("benchserv: %s: %d clients done, %u bytes right\n", name, run.clients,
            static_cast<uint32_t>(right));
    // Requests: an open, the reads and a close (a flush) per client.
    uint32_t requests = static_cast<uint32_t>(run.total / READ_SIZE + 2 * run.clients);
    uint32_t entries = kstats_syscall_entries(after) - kstats_syscall_entries(before) - 1;
    cprintf("BENCH %s calls=%u cycles=%llu entries=%u bytes=%u ipcs=%u envsw=%u threadsw=%u "
            "polled=%u ticks=%u\n",
            name, requests, span.cycles, entries, static_cast<uint32_t>(run.total),
            after.ipc_deliveries - before.ipc_deliveries, after.env_switches - before.env_switches,
            after.flexsc_thread_switches - before.flexsc_thread_switches,
            after.flexsc_polled - before.flexsc_polled,
            // Timer interrupts on all CPUs: a run that waits for the clock shows here.
            after.traps[IRQ_OFFSET + IRQ_TIMER] - before.traps[IRQ_OFFSET + IRQ_TIMER]);
}

static bool
has_word(int argc, char** argv, const char* word)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], word) == 0)
            return true;
    }
    return false;
}

// Puts this environment in the mode's system call path. Transparent mode is
// the boot's (+flexsc=always), or, in a check, switched on for a fork child
// alone; every call posted, the FlexSC paper's transparent mode.
static Run
enter_mode(const char* mode, size_t total)
{
    Run run{mode, total, 1, false};
    if (strcmp(mode, "flexsc") == 0 && !(thisenv->env_libos_flags & ENV_LIBOS_FLEXSC))
        flexsc_transparent_start(FlexscRouting::always);
    if (strcmp(mode, "poll") == 0) {
        int r = flexsc_register_polling(1);
        if (r < 0)
            panic("flexsc_register_polling(1): %e (needs 2 CPUs)", r);
    }
    if (strcmp(mode, "threads") == 0 || strcmp(mode, "poll") == 0) {
        run.threads = true;
        // The server serves with a thread per request in flight, and each
        // client thread sends its own requests (lib/file_threads.cpp).
        int r = file_threads_start();
        if (r < 0)
            panic("file_threads_start: %e", r);
        r = flexsc_threads_start();
        if (r < 0)
            panic("flexsc_threads_start: %e", r);
    }
    return run;
}

// Measures each N `reps` times, after a read that fills the file server's block cache.
static void
measure_mode(Run run, const int* counts, int ncounts, int reps)
{
    Slice warm{0, 0, min(run.total, 8 * READ_SIZE), 0};
    read_slice(warm);
    for (int c = 0; c < ncounts; c++) {
        run.clients = counts[c];
        for (int rep = 0; rep < reps; rep++)
            measure(run);
    }
}

// The grade test's run: every mode once, N = 4, 4 reads, each mode in a
// fork child of its own (a registration is per environment), in one boot.
static void
check_every_mode()
{
    static constexpr const char* MODES[] = {"trap", "flexsc", "threads", "poll"};
    static constexpr int FOUR[] = {4};
    for (const char* mode : MODES) {
        envid_t child = fork();
        if (child < 0)
            panic("fork: %e", child);
        if (child == 0) {
            measure_mode(enter_mode(mode, 4 * READ_SIZE), FOUR, 1, 1);
            exit();
        }
        wait(child);
    }
}

void
umain(int argc, char** argv)
{
    if (argc < 2 || strcmp(argv[1], "fs") != 0) {
        cprintf("BENCH error usage: benchserv fs [threads|poll] [quick|check]\n");
    } else if (has_word(argc, argv, "check")) {
        check_every_mode();
    } else {
        bool quick = bench_quick(argc, argv);
        const char* mode = thisenv->env_libos_flags & ENV_LIBOS_FLEXSC ? "flexsc"
                           : has_word(argc, argv, "poll")              ? "poll"
                           : has_word(argc, argv, "threads")           ? "threads"
                                                                       : "trap";
        // The same bytes for every N: 64 (32 quick) requests of 4 KiB, split among the clients.
        measure_mode(enter_mode(mode, (quick ? 32 : 64) * READ_SIZE), CLIENT_COUNTS,
                     sizeof(CLIENT_COUNTS) / sizeof(CLIENT_COUNTS[0]), quick ? 1 : 3);
    }
    cprintf("BENCH done\n");
}
