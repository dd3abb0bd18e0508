"""The server workloads of make bench (user/benchserv.cpp, user/benchhttp.cpp,
doc/bench.md "Servers"), checked for correctness only, in every mode: the file
server under 4 concurrent clients and httpd under concurrent host connections
must serve every byte right and every client must finish. Throughput is make
bench's business, never graded."""
import pytest

import httpload

pytestmark = [pytest.mark.lab("FlexSC"), pytest.mark.points(0)]

NO_CRASH = [r".*kernel panic", r".*user panic", r".*BENCH error", r"fs: .* dropped"]
# 4 reads of 4 KiB split among 4 clients, each with an open and a close: 12 requests.
DONE = r"benchserv: fs/%s/n4: 4 clients done, 16384 bytes right$"
SAMPLE = (r"BENCH fs/%s/n4 calls=12 cycles=\d+ entries=(\d+) bytes=16384 ipcs=(\d+) envsw=\d+ "
          r"threadsw=(\d+) polled=(\d+) ticks=\d+$")


MODES = ("trap", "flexsc", "threads", "poll")


def test_file_server_serves_every_client_right_in_every_mode(run_kernel):
    # One boot runs the four modes one after another, each in a fork child.
    run = run_kernel("benchserv fs check", cpus=2, stop_line=r"BENCH done$", timeout=30)
    assert run.reached, run.log.failure("benchserv never finished")
    expected = [p for mode in MODES for p in (DONE % mode, SAMPLE % mode)]
    # The threads mode asks the file server to serve on FlexSC-Threads (a
    # thread per request in flight, fs/serv_threads.cpp); threads and poll
    # then have up to 4 requests in flight, tagged (lib/file_threads.cpp).
    expected.insert(expected.index(DONE % "threads"), r"fs: serving with 16 FlexSC-Threads threads$")
    run.log.expect(*expected, r"BENCH done$", absent=NO_CRASH + [r"file: .* dropped"])
    for mode in MODES:
        check_counters(run.log, mode)


def check_counters(log, mode):
    entries, ipcs, thread_switches, polled = (int(g) for g in log.find_all(SAMPLE % mode)[0].groups())
    # Each of the 12 requests is a message to the server and one back.
    assert ipcs >= 2 * 12, log.failure("%s: %d IPC deliveries for 12 requests" % (mode, ipcs))
    # The mode is the one named: traps never touch a syscall thread, the
    # syscall-page modes do, and only polling has entries served by a poller.
    if mode == "trap":
        assert thread_switches == 0 and polled == 0, log.failure("FlexSC work in trap mode")
    elif mode == "poll":
        assert polled > 0, log.failure("no entry served by the polling thread")
    else:
        assert thread_switches > 0 and polled == 0, log.failure(
            "%s: %d syscall-thread switches, %d polled entries" % (mode, thread_switches, polled))


@pytest.mark.parametrize("bootarg", ["benchhttp", "+flexsc=always benchhttp"])
def test_httpd_serves_concurrent_host_connections_right(net_kernel, flexjos, bootarg):
    # benchhttp runs httpd beside a control port (the echo port's forward) that
    # prints the kernel's counters; the host's load is bounded and every body checked.
    m = net_kernel(bootarg, cpus=2)
    assert m.wait_for(r"benchhttp: control port ready$", 30) and \
        m.wait_for(r"Waiting for http connections\.\.\.$", 30), m.log().failure("httpd never ready")
    control = httpload.Control(m.echo_port, m)
    try:
        before = control.read_counters()
        for path, connections, requests in (("/index.html", 4, 4), ("/benchdata64", 2, 2)):
            body = httpload.expected_body(flexjos.root, path)
            done, nbytes, _, problems, _ = httpload.load(m.http_port, path, body, connections,
                                                         requests, timeout=30)
            assert done == requests and nbytes == requests * len(body) and not problems, \
                m.log().failure("%s: %d of %d requests right: %s" % (path, done, requests, problems))
        after = control.read_counters()
    finally:
        control.close()
    # The counters moved: httpd's work went through the kernel (and, with
    # +flexsc, through syscall threads).
    assert after["ipcs"] > before["ipcs"], m.log().failure("no IPC counted")
    if bootarg.startswith("+flexsc"):
        assert after["threadsw"] > before["threadsw"], m.log().failure("no syscall-thread switch")
    m.log().expect(absent=NO_CRASH)
