"""Ethernet frames built by hand, for the raw path into the guest's card
(conf/net.mk's NET_RAW, grade/conftest.py's net_kernel(raw=True)): every
field may be set to a value no real stack would send, so the tests can hand
the guest's lwIP malformed headers that QEMU's user network never produces.
Facts: RFC 791 (IPv4), RFC 793 (TCP), RFC 826 (ARP)."""
import socket
import struct
import time

GUEST_MAC = bytes.fromhex("525400123456")  # QEMU's e1000 (inc/net.h NET_MAC)
GUEST_IP = bytes([10, 0, 2, 15])
# The made-up host the frames come from: on the guest's subnet, so the guest
# answers it directly (after ARP), never through the gateway.
PEER_MAC = bytes.fromhex("02000000fe01")  # locally administered
PEER_IP = bytes([10, 0, 2, 99])
BROADCAST = b"\xff" * 6

ETH_IP, ETH_ARP = 0x0800, 0x0806
PROTO_TCP = 6
FIN, SYN, RST, PSH, ACK, URG = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20


def checksum(data):
    """The Internet checksum: the ones' complement of the ones' complement sum
    of the 16-bit words (an odd last byte padded with zero)."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ethernet(payload, ethertype=ETH_IP, dst=GUEST_MAC, src=PEER_MAC):
    return dst + src + struct.pack("!H", ethertype) + payload


def ipv4(payload, proto=PROTO_TCP, src=PEER_IP, dst=GUEST_IP, ident=1, flags_fragment=0x4000,
         ttl=64, ihl=5, total_length=None, bad_checksum=False, options=b""):
    """An IPv4 header then payload. ihl, total_length and flags_fragment (the
    flags and fragment offset word; default: don't fragment) are written as
    given, whatever the real lengths are."""
    if total_length is None:
        total_length = 20 + len(options) + len(payload)
    header = struct.pack("!BBHHHBBH4s4s", 0x40 | (ihl & 0xF), 0, total_length & 0xFFFF, ident,
                         flags_fragment, ttl, proto, 0, src, dst) + options
    sum_ = checksum(header) ^ (0xFFFF if bad_checksum else 0)
    return header[:10] + struct.pack("!H", sum_) + header[12:] + payload


def tcp(sport, dport=7, seq=0, ack=0, flags=SYN, window=8192, options=b"", data=b"",
        data_offset=None, bad_checksum=False, src=PEER_IP, dst=GUEST_IP):
    """A TCP segment with its checksum over the pseudo-header (unless
    bad_checksum). data_offset (in 32-bit words) is written as given; by
    default it covers the header and options."""
    if data_offset is None:
        data_offset = (20 + len(options) + 3) // 4
        options += b"\0" * (data_offset * 4 - 20 - len(options))
    header = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                         (data_offset & 0xF) << 4, flags, window, 0, 0) + options
    segment = header + data
    pseudo = src + dst + struct.pack("!BBH", 0, PROTO_TCP, len(segment))
    sum_ = checksum(pseudo + segment) ^ (0xFFFF if bad_checksum else 0)
    return segment[:16] + struct.pack("!H", sum_) + segment[18:]


def tcp_frame(sport, **fields):
    """An Ethernet frame holding one well-formed IPv4 packet holding tcp(sport, **fields)."""
    return ethernet(ipv4(tcp(sport, **fields)))


def arp_reply_from_guest(frame):
    """Whether frame is the guest's ARP reply to PEER_IP."""
    return (len(frame) >= 42 and frame[6:12] == GUEST_MAC and frame[12:14] == b"\x08\x06"
            and frame[20:22] == b"\x00\x02" and frame[28:32] == GUEST_IP and frame[38:42] == PEER_IP)


def arp(op, sender_mac=PEER_MAC, sender_ip=PEER_IP, target_mac=b"\0" * 6, target_ip=GUEST_IP):
    """An ARP packet for Ethernet and IPv4 (op 1 request, 2 reply)."""
    return struct.pack("!HHBBH6s4s6s4s", 1, ETH_IP, 6, 4, op, sender_mac, sender_ip,
                       target_mac, target_ip)


class RawPath:
    """The test's end of the raw path: send(frame) puts a frame on the hub;
    frames() yields what the hub sends back (the guest's, and the user
    network's) until the timeout."""

    def __init__(self, machine):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", machine.raw_host_port))
        self.qemu = ("127.0.0.1", machine.raw_qemu_port)

    def send(self, frame):
        self.sock.sendto(frame, self.qemu)

    def frames(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self.sock.settimeout(left)
            try:
                yield self.sock.recv(65536)
            except socket.timeout:
                return

    def close(self):
        self.sock.close()


def tcp_reply_to(frame, sport):
    """(flags, seq, ack) if frame is a TCP segment from the guest to PEER_IP's
    port sport, else None. The source MAC tells the guest's frames from the
    user network's: it sees the crafted frames too, and may answer them in
    the guest's name."""
    if len(frame) < 54 or frame[6:12] != GUEST_MAC or frame[12:14] != b"\x08\x00" \
            or frame[23] != PROTO_TCP:
        return None
    ip = frame[14:]
    if ip[12:16] != GUEST_IP or ip[16:20] != PEER_IP:
        return None
    seg = ip[(ip[0] & 0xF) * 4:]
    dport, seq, ack, flags = struct.unpack("!2xHIIxB", seg[:14])
    return (flags, seq, ack) if dport == sport else None
