// File workloads for make bench, in whatever mode the boot chose: reading the
// 1 MiB file /benchdata through the file server, and the primespipe sieve (spawned,
// bounded). "+flexsc benchfile" runs the same in transparent FlexSC mode; the
// case names say which mode ran.

#include "bench.h"

static constexpr size_t BIG_SIZE = 1 << 20;

// Reads /benchdata in 4 KiB reads and checks its bytes (i mod 251).
static void
read_benchdata(char* buf)
{
    int fd = open("/benchdata", O_RDONLY);
    if (fd < 0)
        panic("open /benchdata: %e", fd);
    size_t total = 0;
    for (;;) {
        ssize_t n = read(fd, buf, PGSIZE);
        if (n < 0)
            panic("read /benchdata: %e", static_cast<int>(n));
        if (n == 0)
            break;
        for (ssize_t i = 0; i < n; i += 509) {
            if (static_cast<uint8_t>(buf[i]) != (total + i) % 251)
                panic("/benchdata: wrong byte at %u", static_cast<uint32_t>(total + i));
        }
        total += n;
    }
    close(fd);
    if (total != BIG_SIZE)
        panic("/benchdata: read %u bytes, not %u", static_cast<uint32_t>(total),
              static_cast<uint32_t>(BIG_SIZE));
}

static void
run_primespipe(const char* limit)
{
    envid_t child = spawnl("/primespipe", "primespipe", limit, static_cast<const char*>(nullptr));
    if (child < 0)
        panic("spawn primespipe: %e", child);
    wait(child);
}

void
umain(int argc, char** argv)
{
    static char buf[PGSIZE];
    bool quick = bench_quick(argc, argv);
    int reps = quick ? 2 : 5;
    bool transparent = thisenv->env_libos_flags & ENV_LIBOS_FLEXSC;
    const char* mode = transparent ? "flexsc" : "normal";
    char name[64];

    read_benchdata(buf); // warm the file server's block cache
    snprintf(name, sizeof(name), "file/read1m/%s", mode);
    for (int rep = 0; rep < reps; rep++) {
        BenchProbe p = bench_start();
        read_benchdata(buf);
        bench_stop(p, name, 1);
    }

    snprintf(name, sizeof(name), "file/primespipe/%s", mode);
    const char* limit = quick ? "60" : "200";
    for (int rep = 0; rep < reps; rep++) {
        BenchProbe p = bench_start();
        run_primespipe(limit);
        bench_stop(p, name, 1);
    }
    cprintf("BENCH done\n");
}
