"""Makes gdb decode code in the CPU's current mode: 16-bit in real mode (the
firmware and the boot sector), 32-bit in protected mode.

`set architecture i8086` alone does not change the disassembler of a gdb
connected to QEMU: QEMU's target description says "i386", and that wins. So
on connecting we take QEMU's own description (`maint print xml-tdesc`), write
it twice, as is and with the architecture "i8086", and load the one that
matches CR0.PE at each stop (`set tdesc filename`), before gdb shows where it
stopped. In real mode the pc gdb uses is EIP alone; the instruction is at
CS*16 + EIP, so that is what flexjos_show_real_mode prints, once per stop.

Loaded by .gdbinit (.gdbinit.tmpl), which calls flexjos_cpu_mode() from its
hook-stop.
"""
import os
import tempfile

import gdb


class CpuMode:
    def __init__(self):
        self.directory = None
        self.current = None  # "real" or "protected"

    def _write_descriptions(self):
        xml = gdb.execute("maint print xml-tdesc", to_string=True)
        start = xml.find("<?xml")
        end = xml.rfind("</target>")
        if start < 0 or end < 0 or "<architecture>i386</architecture>" not in xml:
            raise gdb.GdbError("flexjos: the target's description is not QEMU's i386 one")
        xml = xml[start:end + len("</target>")] + "\n"
        self.directory = tempfile.mkdtemp(prefix="flexjos-gdb-")
        for name, arch in [("protected", "i386"), ("real", "i8086")]:
            with open(os.path.join(self.directory, name + ".xml"), "w") as f:
                f.write(xml.replace("<architecture>i386</architecture>",
                                    "<architecture>%s</architecture>" % arch))

    def update(self):
        """Loads the description for the CPU's mode if it changed; returns the mode."""
        if self.directory is None:
            self._write_descriptions()
        cr0 = int(gdb.parse_and_eval("$cr0"))
        mode = "protected" if cr0 & 1 else "real"
        if mode != self.current:
            gdb.execute("set tdesc filename " + os.path.join(self.directory, mode + ".xml"), to_string=True)
            # gdb's own line per stop shows the instruction at $pc, which is
            # only right in protected mode; real mode gets ours.
            gdb.execute("set disassemble-next-line %s" % ("auto" if mode == "protected" else "off"))
            self.current = mode
        return mode


cpu_mode = CpuMode()


class FlexjosCpuMode(gdb.Command):
    """Switch gdb's decoding to the CPU's mode; in real mode, print [CS:IP] and the instruction."""

    def __init__(self):
        super().__init__("flexjos_cpu_mode", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if cpu_mode.update() == "real":
            cs = int(gdb.parse_and_eval("$cs"))
            ip = int(gdb.parse_and_eval("$eip"))
            insn = gdb.execute("x/i 0x%x" % (cs * 16 + ip), to_string=True).strip()
            insn = insn.lstrip("=> ").strip()
            gdb.write("[%04x:%04x] %s\n" % (cs, ip, insn))


FlexjosCpuMode()
