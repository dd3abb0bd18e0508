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
import rawnet
from conftest import ROOT, free_port
from hostile_frames import hostile_frames

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


def start_echosrv(net_kernel, program="echosrv", raw=False):
    m = net_kernel(program, raw=raw)
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


def echo_still_works(m, message, within=8, per_try=1):
    """Whether echosrv echoes message through the forwarded port within
    `within` seconds. After a flood the card's receive ring may have been full
    when the connection's SYN came, and the card drops what finds no room (as
    a real one does); QEMU's user network would send the SYN again only after
    about 6 s. So a try that gets no answer in per_try seconds is abandoned
    and a new connection made at once (also if echosrv's backlog is still
    full of connections the test abandoned)."""
    deadline = time.monotonic() + within
    got = b""
    while time.monotonic() < deadline:
        try:
            got = echo_round_trip(m.echo_port, message,
                                  timeout=max(0.1, min(per_try, deadline - time.monotonic())))
        except OSError:
            got = b""
        if got == message:
            return
        time.sleep(0.1)
    assert got == message, m.log().failure("after the hostile traffic echosrv answered %r" % got)


# The hostile tests are bounded in count and in time. Issue 13 wants no test
# over 5 s, and a boot to echosrv's "bound" costs about 1.5 s of that, so each
# sends its traffic in well under 2 s, and the echo check after it gets what
# the guest needs to work through the backlog (within 8 s, for a machine
# slowed by parallel tests).

@pytest.mark.points(0)
def test_echosrv_survives_a_udp_flood(net_kernel):
    """10,000 random UDP datagrams (0 to 1400 bytes) to the forwarded UDP port:
    nothing listens on guest UDP 7, so lwIP answers each that gets through with
    an ICMP error. They are sent as fast as Python can (a fraction of a
    second): the host's socket buffer and QEMU drop what the guest cannot
    take, as a real flood would find; of the 1,500 or so that reach the card,
    it drops what finds its receive ring full."""
    m = start_echosrv(net_kernel)
    rng = random.Random(6)
    noise = rng.randbytes(2800)  # each datagram is a random slice: quicker than fresh bytes
    sent = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        for _ in range(10000):
            start = rng.randrange(0, 1400)
            udp.sendto(noise[start:start + rng.randrange(0, 1400)], ("127.0.0.1", m.echo_port))
            sent += 1
    echo_still_works(m, b"still echoing after %d datagrams\n" % sent)
    m.log().expect(absent=NO_PANIC)


@pytest.mark.points(0)
def test_echosrv_survives_abusive_connections(net_kernel):
    """Connections that misbehave as far as QEMU's user network lets the host
    shape them (it ends TCP on the host: raw segments are the next test's):
    reset at once, reset after garbage, half-closed, and left open past the
    backlog then abandoned. 40 of them, at most 2 s."""
    m = start_echosrv(net_kernel)
    rng = random.Random(7)
    deadline = time.monotonic() + 2
    abandoned = []
    made = 0
    for i in range(40):
        if time.monotonic() > deadline:
            break
        try:
            s = socket.create_connection(("127.0.0.1", m.echo_port), timeout=2)
        except OSError:
            continue
        made += 1
        kind = i % 4
        try:
            if kind == 1:
                s.sendall(rng.randbytes(rng.randrange(1, 3000)))
            if kind == 2:
                s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        if kind == 3:
            abandoned.append(s)
            continue
        reset_and_close(s)
    for s in abandoned:
        reset_and_close(s)
    echo_still_works(m, b"still echoing after %d abusive connections\n" % made)
    m.log().expect(absent=NO_PANIC)


def reset_and_close(s):
    """Closes s with a reset instead of a FIN (SO_LINGER 0)."""
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def await_frame(path, matches, timeout=2):
    """The first frame from the hub for which matches(frame) is true, or None."""
    for frame in path.frames(timeout):
        found = matches(frame)
        if found:
            return found
    return None


def open_raw_connection(path, sport, timeout=2):
    """Sends a SYN from the made-up peer's port sport to guest port 7; returns
    the guest's SYN-ACK's (flags, seq, ack), or None if none came in time."""
    path.send(rawnet.tcp_frame(sport, flags=rawnet.SYN, seq=1000))
    return await_frame(path, lambda f: rawnet.tcp_reply_to(f, sport), timeout)


def wait_until_the_guest_took(path, m, last_sent):
    """Sends an ARP request and waits for the guest's reply: it answers in
    order, so then every frame sent before has been taken off the card. The
    raw path needs this pacing: once the card's receive ring (128 frames) is
    full, QEMU 7.2's hub stops passing the datagram netdev's frames on for
    good, the guest's fault or not."""
    path.send(rawnet.ethernet(rawnet.arp(1), ethertype=rawnet.ETH_ARP, dst=rawnet.BROADCAST))
    assert await_frame(path, rawnet.arp_reply_from_guest, timeout=3), m.log().failure(
        "no ARP reply after the frames up to '%s'" % last_sent)


@pytest.mark.points(0)
def test_echosrv_survives_malformed_segments(net_kernel):
    """Frames no TCP/IP stack would send, straight into the card through a raw
    path on its QEMU hub (conf/net.mk's NET_RAW; grade/hostile_frames.py):
    wrong checksums and lengths, TCP data offsets and IP header lengths below
    5 or past the end, fragments that overlap or never complete, lying TCP
    options, SYN+FIN and SYN+RST, RSTs and ACKs with random numbers and zero
    windows, a SYN flood from 150 ports, random frames and random ARP. QEMU's
    user network is on the hub too and resets every connection the guest
    answers for the made-up peer, so no raw connection gets past SYN_RCVD:
    the frames test parsing, not long-lived state. The guest must answer a fresh SYN and echo through the
    forwarded port afterwards, and nothing panics. About 470 frames, in
    bursts of 32 the guest must have taken before the next (the card's
    receive ring holds 128); the guest (TCG) takes about a second for them
    all, answering each SYN, which bounds their number."""
    m = start_echosrv(net_kernel, raw=True)
    path = rawnet.RawPath(m)
    try:
        # The path works: the guest answers ARP and a SYN sent down it (and
        # learns the made-up peer's address, so it answers what follows).
        path.send(rawnet.ethernet(rawnet.arp(1), ethertype=rawnet.ETH_ARP, dst=rawnet.BROADCAST))
        assert await_frame(path, rawnet.arp_reply_from_guest), m.log().failure("no ARP reply down the raw path")
        reply = open_raw_connection(path, 39999)
        assert reply and reply[0] == rawnet.SYN | rawnet.ACK, m.log().failure("SYN answered %r" % (reply,))
        path.send(rawnet.tcp_frame(39999, flags=rawnet.RST, seq=1001))

        for i, (name, frame) in enumerate(hostile_frames(random.Random(17))):
            path.send(frame)
            if i % 32 == 31:
                wait_until_the_guest_took(path, m, name)
        reply = open_raw_connection(path, 39997)
        assert reply and reply[0] == rawnet.SYN | rawnet.ACK, m.log().failure(
            "after the malformed frames a SYN was answered %r" % (reply,))
        path.send(rawnet.tcp_frame(39997, flags=rawnet.RST, seq=1001))
    finally:
        path.close()
    echo_still_works(m, b"still echoing after malformed segments\n")
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


def wait_for_the_monitor_after_the_session(m):
    """Waits for the monitor's free page count, the second one after the
    boot's, whole (its newline: a number half printed would not compare)."""
    assert m.wait_until_all_exited(timeout=10), m.log().failure("the session never ended at the monitor")


FLOOD_DRAIN_SECONDS = 0.5


@pytest.mark.points(0)
def test_a_network_session_ends_without_leaking_a_page(net_kernel):
    """echosrv 3 serves three clients and exits: one echo, a UDP flood and a
    connection reset after garbage, another echo. Then ns sees no program
    left, ends its helpers and the file server and exits (doc/net.md), the
    kernel has nothing to run, and its monitor's free page count equals the
    one at boot: the session, hostile traffic included, leaked nothing."""
    m = net_kernel("echosrv 3")
    wait(m, r"^bound$")
    assert echo_round_trip(m.echo_port, b"first\n") == b"first\n", m.log().failure("first echo")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        for i in range(500):
            udp.sendto(bytes([i % 251]) * (i % 1400), ("127.0.0.1", m.echo_port))
    # The flood fills the card's receive ring, and a SYN that comes while it
    # is full is dropped; QEMU's user network resends it only after about 6 s,
    # which made this test take 7 s. The guest empties the ring in well under
    # FLOOD_DRAIN_SECONDS, so the next connection's SYN finds room; on a host so
    # loaded that it does not, the resend still comes within the last echo's wait.
    time.sleep(FLOOD_DRAIN_SECONDS)
    s = socket.create_connection(("127.0.0.1", m.echo_port), timeout=5)
    s.sendall(random.Random(3).randbytes(3000))
    reset_and_close(s)
    # One long try, not echo_still_works's quick retries: every connection is
    # one of echosrv's three clients, so a try abandoned on a loaded host
    # would be the third and end the session before the echo (a flake in a
    # 10-run check with both cores busy). 10 s covers the user network's
    # resend of a SYN the flood's full receive ring dropped (about 6 s).
    echo_still_works(m, b"last\n", within=20, per_try=10)
    wait_for_the_monitor_after_the_session(m)
    # The file server (00001000) and ns (00001001) exit in either order.
    for server in ("00001000", "00001001"):
        m.log().expect(r"^ns: the session is over", r"\[%s\] exiting gracefully" % server,
                       absent=NO_PANIC)
    m.log().expect_no_page_leak()


@pytest.mark.points(0)
def test_udp_sockets_echo_datagrams_to_their_senders(net_kernel):
    """udpecho 3 (SOCK_DGRAM: bind, recvfrom, sendto) sends three datagrams
    back to their sender through the forwarded UDP port: 1 byte, 700 bytes
    and the largest, 1472 (one frame, no IP fragments). It then exits, the
    session ends, and no page leaked."""
    m = net_kernel("udpecho 3")
    wait(m, r"^bound$")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.settimeout(5)
        for size in (1, 700, 1472):
            message = bytes((size + i) % 251 for i in range(size))
            udp.sendto(message, ("127.0.0.1", m.echo_port))
            try:
                got, sender = udp.recvfrom(4096)
            except socket.timeout:
                got, sender = None, None
            assert got == message and sender == ("127.0.0.1", m.echo_port), m.log().failure(
                "sent %d bytes, got %r from %r" % (size, got and got[:20], sender))
    wait_for_the_monitor_after_the_session(m)
    m.log().expect(r"^udpecho: 1 bytes from port \d+$", r"^udpecho: 1472 bytes from port \d+$",
                   r"^ns: the session is over", absent=NO_PANIC)
    m.log().expect_no_page_leak()
