"""The malformed and abusive frames test_lab6_net.py sends down the raw path
(grade/rawnet.py), each named for the failure it would show. Every TCP
segment goes to the guest's port 7, where echosrv listens."""
from rawnet import (ACK, ETH_ARP, FIN, PROTO_TCP, PSH, RST, SYN, URG, BROADCAST, GUEST_IP, GUEST_MAC,
                    arp, ethernet, ipv4, tcp, tcp_frame)

PROTO_UDP = 17
MORE_FRAGMENTS = 0x2000


def bad_headers():
    """Checksums, lengths and header sizes that do not add up."""
    ok = tcp(41000)
    yield "TCP checksum wrong", ethernet(ipv4(tcp(41000, bad_checksum=True)))
    for words in range(5):
        yield "TCP data offset %d (< 5)" % words, ethernet(ipv4(tcp(41001 + words, data_offset=words)))
    yield "TCP data offset 15, past the segment", ethernet(ipv4(tcp(41010, data_offset=15)))
    yield "TCP data offset 8, options cut by the IP length", ethernet(ipv4(tcp(41011, data_offset=8)))
    yield "TCP header cut short", ethernet(ipv4(ok[:12]))
    yield "IP checksum wrong", ethernet(ipv4(ok, bad_checksum=True))
    for length in (0, 19, 20, 30, 39):
        yield "IP total length %d, shorter than the frame" % length, ethernet(ipv4(ok, total_length=length))
    for length in (41, 1500, 65535):
        yield "IP total length %d, past the frame" % length, ethernet(ipv4(ok, total_length=length))
    for ihl in range(5):
        yield "IP header length %d (< 5)" % ihl, ethernet(ipv4(ok, ihl=ihl))
    yield "IP header length 15, past the packet", ethernet(ipv4(b"", ihl=15))
    yield "IP header length 15 with garbage options", ethernet(ipv4(ok, ihl=15, options=b"\x07" * 40))
    yield "IP version 6 in an IPv4 frame", ethernet(b"\x65" + ipv4(ok)[1:])
    yield "Ethernet header only", ethernet(b"")
    yield "runt frame", b"\x52\x54\x00"


def fragments():
    """Fragments that overlap, repeat, never complete, or end past 64 KiB.
    A last fragment (MF clear) with no first one is left out: QEMU 7.2's user
    network, which sees every frame on the hub too, stops forwarding anything
    after one (found by this test; the guest is not involved: it happens with a
    frame the card does not even accept)."""
    payload = tcp(42000, data=b"F" * 64)
    for ident in range(20, 30):  # first halves whose second half never comes
        yield "fragment never completed", ethernet(ipv4(payload[:32], ident=ident, flags_fragment=MORE_FRAGMENTS))
    yield "overlapping fragment 1", ethernet(ipv4(payload[:48], ident=40, flags_fragment=MORE_FRAGMENTS))
    yield "overlapping fragment 2", ethernet(ipv4(payload[16:72], ident=40, flags_fragment=MORE_FRAGMENTS | 2))
    yield "same fragment twice", ethernet(ipv4(payload[:40], ident=41, flags_fragment=MORE_FRAGMENTS))
    yield "same fragment twice", ethernet(ipv4(payload[:40], ident=41, flags_fragment=MORE_FRAGMENTS))
    yield "fragment ending past 64 KiB", ethernet(ipv4(b"L" * 64, ident=42, flags_fragment=MORE_FRAGMENTS | 0x1FFF))
    yield "zero-length fragment", ethernet(ipv4(b"", ident=43, flags_fragment=MORE_FRAGMENTS | 5))
    yield "odd-length middle fragment", ethernet(ipv4(payload[:13], ident=44, flags_fragment=MORE_FRAGMENTS))
    yield "fragmented UDP to port 7", ethernet(ipv4(b"U" * 24, proto=PROTO_UDP, ident=45, flags_fragment=MORE_FRAGMENTS))


def bad_options():
    """TCP options (on SYNs, which lwIP parses) with lengths that lie."""
    options = [
        b"\x02\x00\x05\xb4", b"\x02\x01\x05\xb4", b"\x02\x02\x05\xb4", b"\x02\xff\x05\xb4",
        b"\x02\x04\x00\x00",  # MSS 0
        b"\x03\x03\xff\x00", b"\x03\x00\x0e\x00",  # window scale 255; length 0
        b"\x04\x00\x00\x00", b"\x04\x28" + b"\0" * 2,  # SACK-permitted with wrong lengths
        b"\x08\x0a" + b"\0" * 2,  # timestamps longer than the header
        b"\x1e\x00\x00\x00", b"\xfe\x01\x00\x00", b"\xff" * 4,  # unknown kinds, lengths 0 and 1
        b"\x01" * 40,  # forty NOPs, no end
        b"\x02",  # a kind with no length byte at the very end
    ]
    for i, option in enumerate(options):
        yield "TCP option %s" % option[:4].hex(), ethernet(ipv4(tcp(43000 + i, options=option)))
    yield "TCP options past the header", ethernet(ipv4(tcp(43100, options=b"\x02\x04\x05\xb4" * 2, data_offset=15)))


def bad_flags(rng):
    """Flag combinations no connection uses, and segments for no connection."""
    for i, flags in enumerate((SYN | FIN, SYN | RST, SYN | FIN | RST | PSH | URG, 0, FIN, URG, PSH)):
        yield "TCP flags %#x" % flags, tcp_frame(44000 + i, flags=flags, seq=rng.getrandbits(32))
    for i in range(50):
        yield "RST with a random sequence number", tcp_frame(
            44100 + i % 10, flags=RST, seq=rng.getrandbits(32))
        yield "ACK with random numbers", tcp_frame(
            44100 + i % 10, flags=ACK | PSH, seq=rng.getrandbits(32), ack=rng.getrandbits(32),
            window=0 if i % 2 else 65535, data=b"x" * (i % 20))


def syn_flood(count):
    """SYNs from many source ports that never finish the handshake."""
    for i in range(count):
        yield "SYN flood", tcp_frame(20000 + i, flags=SYN, seq=i * 7919, window=0 if i % 2 else 8192)


def garbage(rng, count):
    """Random frames, random ARP, and ARP that lies about sizes and addresses
    (never about the gateway's or the guest's MAC: ARP has no authentication,
    so such a lie would rightly cut the guest off from the host)."""
    for _ in range(count):
        kind = rng.randrange(4)
        body = rng.randbytes(rng.randrange(0, 1500))
        if kind == 0:
            yield "random frame", rng.randbytes(rng.randrange(0, 1514))
        elif kind == 1:
            yield "random IP packet", ethernet(body)
        elif kind == 2:
            yield "random ARP", ethernet(body[:60], ethertype=ETH_ARP, dst=BROADCAST)
        else:
            yield "random IP payload", ethernet(ipv4(body, proto=rng.choice((1, PROTO_TCP, PROTO_UDP, 99))))
    yield "ARP with hlen 255", ethernet(arp(1)[:4] + b"\xff\x04" + arp(1)[6:], ethertype=ETH_ARP, dst=BROADCAST)
    yield "ARP cut short", ethernet(arp(1)[:12], ethertype=ETH_ARP, dst=BROADCAST)
    # The guest's own address and MAC, as if another host had them: the user
    # network learns from every ARP on the hub, so a lie about the guest's
    # MAC would send it the host's traffic for the guest.
    yield "ARP claiming the guest's own address", ethernet(
        arp(2, sender_mac=GUEST_MAC, sender_ip=GUEST_IP), ethertype=ETH_ARP, src=GUEST_MAC)
    yield "ARP op 9", ethernet(arp(9), ethertype=ETH_ARP)


def hostile_frames(rng):
    """All of the above, in a fixed order for one rng."""
    yield from bad_headers()
    yield from fragments()
    yield from bad_options()
    yield from bad_flags(rng)
    yield from syn_flood(150)
    yield from garbage(rng, 150)

