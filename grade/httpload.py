"""A bounded HTTP load generator for make bench's httpd workload (doc/bench.md,
"Servers"): N connections at once, each a thread making its share of a fixed
number of HTTP/1.0 GETs in turn, every body checked against the file. The
guest's counters are read through benchhttp's control port (user/benchhttp.cpp)
before and after, so a run becomes one BENCH sample like the guest's own."""
import os
import re
import socket
import threading
import time

COUNTERS_LINE = re.compile(r"BENCHK tsc=(\d+) entries=(\d+) ipcs=(\d+) envsw=(\d+) threadsw=(\d+) "
                           r"polled=(\d+) ticks=(\d+)")
COUNTER_NAMES = ("tsc", "entries", "ipcs", "envsw", "threadsw", "polled", "ticks")


def get(port, path, timeout):
    """The body of GET path (HTTP/1.0: the server closes after answering), or
    raises OSError/ValueError for a refused connection or a status other than 200."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(b"GET %s HTTP/1.0\r\n\r\n" % path.encode())
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
    answer = b"".join(chunks)
    head, _, body = answer.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.0 200") and not head.startswith(b"HTTP/1.1 200"):
        raise ValueError("answer: %r" % head[:60])
    return body


def load(port, path, expected, connections, requests, timeout=60):
    """requests GETs of path over `connections` concurrent connections. Returns
    (requests answered right, bytes received right, seconds, problems, retries)."""
    per_connection = [requests // connections + (i < requests % connections)
                      for i in range(connections)]
    right = [0] * connections
    retries = [0] * connections
    problems = []

    def client(i):
        for _ in range(per_connection[i]):
            # httpd accepts one connection at a time and its listen backlog is 8,
            # so with more clients lwIP may reset a connection: try again, backing
            # off, until the request's timeout has passed.
            first_try, pause = time.monotonic(), 0.05
            while True:
                try:
                    body = get(port, path, timeout)
                    break
                except (OSError, ValueError) as e:
                    if time.monotonic() - first_try > timeout:
                        problems.append("connection %d: %s" % (i, e))
                        return
                    retries[i] += 1
                    time.sleep(pause)
                    pause = min(pause * 2, 1.0)
            if body != expected:
                problems.append("connection %d: %d bytes, not the %d of %s"
                                % (i, len(body), len(expected), path))
                return
            right[i] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done = sum(right)
    return done, done * len(expected), time.monotonic() - started, problems, sum(retries)


class Control:
    """benchhttp's control port: read_counters() makes the guest print one
    BENCHK line and returns it parsed from the serial output."""

    def __init__(self, port, machine, timeout=30):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.machine, self.timeout, self.readings = machine, timeout, 0

    def read_counters(self):
        self.sock.sendall(b"\n")
        if self.sock.recv(3) != b"ok\n":
            raise OSError("benchhttp's control port did not answer")
        self.readings += 1
        # The guest prints the line before it answers, but the serial output
        # may reach the host after the socket's answer: wait for it.
        deadline = time.monotonic() + self.timeout
        while True:
            lines = COUNTERS_LINE.findall(self.machine.text())
            if len(lines) >= self.readings:
                return dict(zip(COUNTER_NAMES, (int(v) for v in lines[self.readings - 1])))
            if time.monotonic() > deadline:
                raise OSError("no BENCHK line on the serial port")
            time.sleep(0.02)

    def close(self):
        self.sock.close()


def sample(before, after, requests, nbytes):
    """One BENCH sample (bench_report's shape) from two readings around a load."""
    d = {k: after[k] - before[k] for k in COUNTER_NAMES}
    # The second reading's own kstats trap is counted in it.
    return {"calls": requests, "cycles": d["tsc"], "entries": d["entries"] - 1, "bytes": nbytes,
            "ipcs": d["ipcs"], "envsw": d["envsw"], "threadsw": d["threadsw"],
            "polled": d["polled"], "ticks": d["ticks"]}


# The files served and the requests per (file, N) run: (case prefix, path, full, quick).
HTTP_FILES = (("http1k", "/index.html", 64, 16), ("http64k", "/benchdata64", 16, 4))
CONNECTIONS = (1, 4, 16)


def expected_body(root, path):
    if path == "/index.html":
        with open(os.path.join(root, "fs", "index.html"), "rb") as f:
            return f.read()
    return bytes(i % 251 for i in range(1 << 16))  # /benchdata64 (fs/Makefrag)


def http_cases(mode):
    return tuple("%s/%s/n%d" % (prefix, mode, n) for prefix, *_ in HTTP_FILES for n in CONNECTIONS)


def drive(machine, echo_port, http_port, mode, quick, root, timeout):
    """Runs every (file, N) load against a booted benchhttp; returns
    (samples by case, problems)."""
    samples, problems = {}, []
    if not (machine.wait_for(r"benchhttp: control port ready", timeout)
            and machine.wait_for(r"Waiting for http connections", timeout)):
        return samples, ["benchhttp or httpd never became ready"]
    control = Control(echo_port, machine, timeout)
    try:
        for prefix, path, full, few in HTTP_FILES:
            body = expected_body(root, path)
            for n in CONNECTIONS:
                requests = few if quick else full
                before = control.read_counters()
                done, nbytes, _, trouble, retried = load(http_port, path, body, n, requests,
                                                         timeout)
                after = control.read_counters()
                case = "%s/%s/n%d" % (prefix, mode, n)
                if trouble or done != requests:
                    problems.append("%s: %d of %d requests right; %s" % (case, done, requests,
                                                                        "; ".join(trouble[:3])))
                    continue
                samples[case] = [dict(sample(before, after, requests, nbytes), retries=retried)]
    finally:
        control.close()
    return samples, problems
