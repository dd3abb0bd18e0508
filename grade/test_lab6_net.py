"""Lab 6, the network server's half: echosrv and httpd over lwIP in ns (JOS's
checks and points), then what JOS does not check: many and concurrent
requests, a 1 MiB file, hostile traffic, a guest client (nc) and sockets under
transparent FlexSC."""
import hashlib
import os
import random
import socket
import struct
import threading
import time
import urllib.error
import urllib.request

import pytest
from conftest import ROOT, free_port

pytestmark = pytest.mark.lab(6)

NO_PANIC = [r".*kernel panic", r".*user panic", r".*lwIP assertion"]
INDEX_HTML = os.path.join(ROOT, "fs", "index.html")
BIG_FILE = "benchdata"  # 1 MiB in the fs image, byte i = i mod 251 (fs/Makefrag)


def wait(m, pattern, timeout=30):
    assert m.wait_for(pattern, timeout) is not None, m.log().failure("missing: " + pattern)


def echo_round_trip(port, data, timeout=10):
    """Sends data to the echo server and returns what comes back before it stops."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        got = b""
        while len(got) < len(data):
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
        return got


def start_echosrv(net_kernel, program="echosrv"):
    m = net_kernel(program)
    wait(m, r"^bound$")
    return m


def start_httpd(net_kernel):
    m = net_kernel("httpd")
    wait(m, r"^Waiting for http connections\.\.\.$")
    return m


def http_get(port, path, timeout=20):
    """(status, body) of GET path."""
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.mark.points(15)
def test_echosrv_echoes(net_kernel):
    m = start_echosrv(net_kernel)
    message = b"echo this, FlexJOS\n" + bytes(range(256)) * 40
    got = echo_round_trip(m.echo_port, message)
    assert got == message, m.log().failure("echoed %d bytes, sent %d; first bytes back: %r"
                                           % (len(got), len(message), got[:40]))
    m.log().expect(r"^bound$", absent=NO_PANIC)


# httpd: JOS's three requests and their points.
@pytest.mark.points(10)
@pytest.mark.parametrize("path", ["/", "/random_file.txt"])
def test_httpd_answers_404(net_kernel, path):
    why = "a directory" if path == "/" else "a missing file"
    m = start_httpd(net_kernel)
    status, _ = http_get(m.http_port, path)
    assert status == 404, m.log().failure("GET %s answered %d, not 404 (%s)" % (path, status, why))


@pytest.mark.points(10)
def test_httpd_index_html(net_kernel):
    m = start_httpd(net_kernel)
    status, body = http_get(m.http_port, "/index.html")
    with open(INDEX_HTML, "rb") as f:
        expected = f.read()
    assert status == 200 and body == expected, m.log().failure(
        "GET /index.html answered %d with %d bytes, not 200 with fs/index.html's %d"
        % (status, len(body), len(expected)))


# Beyond JOS (0 points: the lab's total stays JOS's 105).

@pytest.mark.points(0)
def test_httpd_50_sequential_then_8_concurrent_requests(net_kernel):
    m = start_httpd(net_kernel)
    with open(INDEX_HTML, "rb") as f:
        expected = f.read()
    for i in range(50):
        status, body = http_get(m.http_port, "/index.html")
        assert status == 200 and body == expected, m.log().failure(
            "sequential request %d: %d, %d bytes" % (i, status, len(body)))
    results = [None] * 8

    def fetch(i):
        try:
            results[i] = http_get(m.http_port, "/index.html", timeout=30)
        except OSError as e:
            results[i] = (None, repr(e).encode())

    threads = [threading.Thread(target=fetch, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bad = [(i, r[0], r[1][:60]) for i, r in enumerate(results) if r != (200, expected)]
    assert not bad, m.log().failure("concurrent requests answered wrongly: %r" % bad)
    m.log().expect(absent=NO_PANIC)


@pytest.mark.points(0)
def test_httpd_serves_a_1mib_file_intact(net_kernel):
    m = start_httpd(net_kernel)
    status, body = http_get(m.http_port, "/" + BIG_FILE, timeout=60)
    expected = bytes(i % 251 for i in range(1 << 20))
    assert status == 200 and hashlib.sha256(body).digest() == hashlib.sha256(expected).digest(), \
        m.log().failure("GET /%s: %d, %d bytes, checksum %s" % (
            BIG_FILE, status, len(body), "equal" if body == expected else "different"))


def hostile_tcp(port, rng, deadline):
    """Connections that misbehave at the TCP level, as far as QEMU's user
    network lets the host shape them: reset at once, reset after garbage,
    half-closed, left open and abandoned, more than the backlog at once."""
    abandoned = []
    for i in range(40):
        if time.monotonic() > deadline:
            break
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            kind = i % 4
            if kind == 1:
                s.sendall(rng.randbytes(rng.randrange(1, 3000)))
            if kind == 2:
                s.shutdown(socket.SHUT_WR)
            if kind == 3:
                abandoned.append(s)
                continue
            # SO_LINGER 0: close sends a reset instead of a FIN.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
        except OSError:
            pass
    for s in abandoned:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()


@pytest.mark.points(0)
def test_echosrv_survives_hostile_traffic(net_kernel):
    """10,000 random UDP datagrams to the forwarded UDP port (nothing listens
    on guest UDP 7: lwIP answers each with an ICMP error, or QEMU drops it),
    then abusive TCP connections; the echo server must still echo and nothing
    panics. Bounded in time (about 10 s on a loaded machine)."""
    m = start_echosrv(net_kernel)
    rng = random.Random(6)
    deadline = time.monotonic() + 10
    sent = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        for i in range(10000):
            if time.monotonic() > deadline:
                break
            udp.sendto(rng.randbytes(rng.randrange(0, 1400)), ("127.0.0.1", m.echo_port))
            sent += 1
            if i % 200 == 0:
                time.sleep(0.01)  # let QEMU's queue drain a little, not only overflow
    hostile_tcp(m.echo_port, rng, time.monotonic() + 10)
    message = b"still echoing after %d datagrams\n" % sent
    got = b""
    for _ in range(3):  # the backlog may still hold abandoned connections for a moment
        try:
            got = echo_round_trip(m.echo_port, message)
        except OSError:
            got = b""
        if got == message:
            break
        time.sleep(1)
    assert got == message, m.log().failure("after the hostile traffic echosrv answered %r" % got)
    m.log().expect(absent=NO_PANIC)


@pytest.mark.points(0)
def test_nc_in_the_guest_talks_to_a_host_server(net_kernel):
    """The guest connects out: nc to 10.0.2.2 (the host, through QEMU's user
    network) sends its message, shuts its side, and prints the whole reply."""
    port = free_port()
    received = []
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", port))
        server.listen(1)
        server.settimeout(40)

        def serve():
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(20)
                data = b""
                while True:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                received.append(data)
                conn.sendall(b"host got " + data.strip() + b"\n" + b"x" * 5000 + b"\nend of reply\n")

        t = threading.Thread(target=serve)
        t.start()
        m = net_kernel("nc 10.0.2.2 %d hello from the guest" % port)
        t.join(45)
    assert received == [b"hello from the guest\n"], m.log().failure("the host server got %r" % received)
    wait(m, r"^end of reply$")
    m.log().expect(r"^host got hello from the guest$", r"^x{5000}$", r"^end of reply$", absent=NO_PANIC)


# FlexSC is the lab after this one: the test is FlexSC's (doc/labs.md).
@pytest.mark.lab("FlexSC")
@pytest.mark.points(0)
def test_echosrv_unchanged_under_transparent_flexsc(net_kernel):
    m = start_echosrv(net_kernel, "+flexsc echosrv")
    message = b"through FlexSC\n" * 500
    got = echo_round_trip(m.echo_port, message)
    assert got == message, m.log().failure("echoed %d of %d bytes under +flexsc" % (len(got), len(message)))
    m.log().expect(absent=NO_PANIC)


@pytest.mark.points(0)
def test_ns_reclaims_sockets_of_exited_environments(net_kernel):
    m = net_kernel("sockreap")
    wait(m, r"^sockreap: 64 sockets left open by 8 children were reclaimed$", timeout=60)
    m.log().expect(absent=NO_PANIC)
