"""Driving the kernel monitor over the serial console."""


def type_command(machine, command, timeout=20):
    """Types a monitor command at the K> prompt and returns what it printed up to the next prompt."""
    start = len(machine.text())
    machine.type(command + "\r")
    assert machine.wait_for(r"K> ", timeout=timeout, start=start), machine.log().failure(
        "no prompt after %r" % command)
    return machine.text()[start:]
