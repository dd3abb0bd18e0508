"""A minimal client for QEMU's gdb stub (the GDB Remote Serial Protocol).

Enough to stop a test the moment the kernel reaches a symbol and to read
machine state there: breakpoints, continue, registers and memory.
"""
import socket
import time


class GdbStubError(Exception):
    pass


class GdbStub:
    # i386 register order in the 'g' packet.
    REGISTERS = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
                 "eip", "eflags", "cs", "ss", "ds", "es", "fs", "gs"]

    def __init__(self, socket_path, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(socket_path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise GdbStubError("could not connect to QEMU's gdb stub at " + socket_path)
                time.sleep(0.05)
        self.buffer = b""

    def close(self):
        self.sock.close()

    def _send(self, payload):
        data = payload.encode()
        packet = b"$" + data + b"#" + b"%02x" % (sum(data) % 256)
        self.sock.sendall(packet)

    def _receive(self, timeout):
        """Returns the next packet's payload, acknowledging it; None on timeout."""
        self.sock.settimeout(timeout)
        while True:
            start = self.buffer.find(b"$")
            end = self.buffer.find(b"#", start)
            if start >= 0 and end >= 0 and len(self.buffer) >= end + 3:
                payload = self.buffer[start + 1:end]
                self.buffer = self.buffer[end + 3:]
                self.sock.sendall(b"+")
                return payload.decode(errors="replace")
            try:
                chunk = self.sock.recv(4096)
            except socket.timeout:
                return None
            if not chunk:
                raise GdbStubError("QEMU closed the gdb connection")
            self.buffer += chunk

    def command(self, payload, timeout=5):
        self._send(payload)
        reply = self._receive(timeout)
        if reply is None:
            raise GdbStubError("no reply from the gdb stub to " + payload)
        return reply

    def set_breakpoint(self, address):
        # A hardware breakpoint works before paging is on and needs no memory write.
        if self.command("Z1,%x,1" % address) != "OK":
            raise GdbStubError("could not set a breakpoint at %#x" % address)

    def remove_breakpoint(self, address):
        self.command("z1,%x,1" % address)

    def cont(self):
        self._send("c")

    def wait_stop(self, timeout):
        """Waits for the target to stop; returns the stop reply, or None on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            reply = self._receive(min(left, 0.5))
            if reply is not None and reply[:1] in ("T", "S", "W", "X"):
                return reply

    def registers(self):
        raw = self.command("g")
        values = {}
        for i, name in enumerate(self.REGISTERS):
            word = bytes.fromhex(raw[i * 8:i * 8 + 8])
            values[name] = int.from_bytes(word, "little")
        return values

    def read_memory(self, address, length):
        reply = self.command("m%x,%x" % (address, length))
        if reply.startswith("E"):
            raise GdbStubError("cannot read %d bytes at %#x: %s" % (length, address, reply))
        return bytes.fromhex(reply)

    def read_u32(self, address):
        return int.from_bytes(self.read_memory(address, 4), "little")
