"""Reading the packet captures QEMU's filter-dump writes (classic libpcap format:
a 24-byte file header, then per frame a 16-byte record header and the bytes)."""
import struct

PCAP_MAGIC_LE = 0xa1b2c3d4


def read_frames(path):
    """The frames in the capture at path, in order, as bytes (an absent or
    empty file has none)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return []
    if len(data) < 24:
        return []
    if struct.unpack_from("<I", data, 0)[0] != PCAP_MAGIC_LE:
        raise ValueError("%s is not a little-endian pcap file" % path)
    frames, offset = [], 24
    while offset + 16 <= len(data):
        _, _, captured, _ = struct.unpack_from("<IIII", data, offset)
        offset += 16
        if offset + captured > len(data):
            break  # QEMU is still writing this one
        frames.append(data[offset:offset + captured])
        offset += captured
    return frames
