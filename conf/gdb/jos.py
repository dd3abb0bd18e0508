"""gdb commands that show FlexJOS's kernel state the way the monitor does:
jos envs, jos pgdir [ENVID], jos tf, jos flexsc [ENVID], jos kstats.

They read the kernel's own variables (envs, cpus, ncpu, kern_pgdir, the FlexSC
registrations) through gdb, so they work wherever gdb has stopped the kernel,
and they print in the monitor's formats (ps, showmappings, kstats) so the two
can be compared. Loaded by .gdbinit (.gdbinit.tmpl).
"""
import gdb

KERNBASE = 0xF0000000
PGSIZE = 4096
NPDENTRIES = 1024
PTE_P, PTE_W, PTE_U, PTE_PS = 0x1, 0x2, 0x4, 0x80
UTOP = 0xEEC00000
NENV = 1024  # inc/env.h

ENV_STATUS = {0: "free", 1: "dying", 2: "runnable", 3: "running", 4: "not-runnable"}
ENV_TYPE = {0: "user", 1: "fs", 3: "flexsc-thread"}  # inc/env.h
ENV_TYPE_FLEXSC = 3
ENTRY_STATUS = {0: "free", 1: "submitted", 2: "busy", 3: "done"}


def value(expression):
    return gdb.parse_and_eval(expression)


def integer(expression):
    return int(value(expression))


def read_words(address, count):
    memory = gdb.selected_inferior().read_memory(address, 4 * count)
    data = bytes(memory)
    return [int.from_bytes(data[i:i + 4], "little") for i in range(0, len(data), 4)]


def live_envs():
    """The Envs that are not free, as gdb values."""
    envs = value("envs")
    for i in range(NENV):
        env = envs[i]
        if int(env["env_status"]) != 0:
            yield env


def env_by_id(envid):
    for env in live_envs():
        if int(env["env_id"]) == envid:
            return env
    raise gdb.GdbError("no environment %08x" % envid)


def current_env():
    """The environment the stopped CPU runs (thiscpu's), or None."""
    for i in range(integer("ncpu")):
        env = value("cpus[%d].cpu_env" % i)
        if int(env) != 0:
            return env.dereference()
    return None


def env_argument(arg):
    """The Env named by arg (an envid in hex), or the current one."""
    if arg.strip():
        return env_by_id(int(arg.strip(), 16))
    env = current_env()
    if env is None:
        raise gdb.GdbError("no current environment: give an envid")
    return env


class Jos(gdb.Command):
    """FlexJOS kernel state: jos envs, jos pgdir [ENVID], jos tf, jos flexsc [ENVID], jos kstats."""

    def __init__(self):
        super().__init__("jos", gdb.COMMAND_DATA, prefix=True)


class JosEnvs(gdb.Command):
    """The environments that are not free, as the monitor's ps prints them, with each one's
    FlexSC registration (its syscall thread, or the owner a thread serves)."""

    def __init__(self):
        super().__init__("jos envs", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        gdb.write("env       parent    type           status        cpu  runs  flexsc\n")
        for env in live_envs():
            status = int(env["env_status"])
            envid = int(env["env_id"])
            gdb.write("%08x  %08x  %-13s  %-12s  %3d  %u  %s\n" % (
                envid, int(env["env_parent_id"]), ENV_TYPE.get(int(env["env_type"]), "?"),
                ENV_STATUS.get(status, "?"), int(env["env_cpunum"]) if status == 3 else -1,
                int(env["env_runs"]), flexsc_note(env)))


def registration(envid):
    return value("registrations[%d]" % (envid & (NENV - 1)))


def flexsc_note(env):
    if int(env["env_type"]) == ENV_TYPE_FLEXSC:
        return "serves %08x" % int(env["env_parent_id"])
    r = registration(int(env["env_id"]))
    if int(r["owner"]) != 0 and int(r["owner"]["env_id"]) == int(env["env_id"]):
        return "thread %08x" % int(r["thread"]["env_id"]) if int(r["thread"]) else "registered"
    return "-"


class JosPgdir(gdb.Command):
    """The user mappings (below UTOP) of environment ENVID (hex; default: the current one),
    coalesced into runs of pages that are contiguous with the same permissions."""

    def __init__(self):
        super().__init__("jos pgdir", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        env = env_argument(arg)
        pgdir = int(env["env_pgdir"])
        gdb.write("page directory of %08x at %08x (physical %08x)\n" % (int(env["env_id"]), pgdir,
                                                                         pgdir - KERNBASE))
        run = None  # [start va, end va, first pa, perm]
        for pdx, pde in enumerate(read_words(pgdir, NPDENTRIES)):
            if pdx * 4 * 1024 * 1024 >= UTOP:
                break
            if not pde & PTE_P:
                continue
            table = read_words(KERNBASE + (pde & ~0xFFF), NPDENTRIES)
            for ptx, pte in enumerate(table):
                if not pte & PTE_P:
                    continue
                va = (pdx << 22) | (ptx << 12)
                pa, perm = pte & ~0xFFF, pte & (PTE_W | PTE_U)
                if run and run[1] == va and run[2] + (va - run[0]) == pa and run[3] == perm:
                    run[1] = va + PGSIZE
                    continue
                print_run(run)
                run = [va, va + PGSIZE, pa, perm]
        print_run(run)


def print_run(run):
    if run is None:
        return
    start, end, pa, perm = run
    gdb.write("%08x-%08x -> %08x  %s%s  %d page%s\n" % (
        start, end - 1, pa, "U" if perm & PTE_U else "-", "W" if perm & PTE_W else "R",
        (end - start) // PGSIZE, "" if end - start == PGSIZE else "s"))


class JosTf(gdb.Command):
    """The trap frame being handled: the variable tf of the innermost frame that has one
    (trap(), a monitor command), else the current environment's saved one."""

    def __init__(self):
        super().__init__("jos tf", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        tf = None
        frame = gdb.newest_frame()
        while frame is not None and tf is None:
            try:
                candidate = frame.read_var("tf")
                if int(candidate) != 0:
                    tf = candidate.dereference()
            except (ValueError, gdb.error):
                pass
            frame = frame.older()
        if tf is None:
            env = current_env()
            if env is None:
                raise gdb.GdbError("no trap frame here and no current environment")
            tf = env["env_tf"]
        regs = tf["tf_regs"]
        trapno = int(tf["tf_trapno"])
        gdb.write("trap frame at %s: trap %d, err %08x, from %s mode\n" % (
            tf.address, trapno, int(tf["tf_err"]), "user" if int(tf["tf_cs"]) & 3 else "kernel"))
        for name in ["edi", "esi", "ebp", "ebx", "edx", "ecx", "eax"]:
            gdb.write("  %-6s %08x\n" % (name, int(regs["reg_" + name])))
        for name in ["eip", "cs", "eflags", "esp", "ss", "ds", "es"]:
            gdb.write("  %-6s %08x\n" % (name, int(tf["tf_" + name]) & 0xFFFFFFFF))


class JosFlexsc(gdb.Command):
    """The FlexSC syscall page of environment ENVID (hex; default: the current one, or the
    owner a syscall thread serves): every entry that is not free, with its arguments."""

    def __init__(self):
        super().__init__("jos flexsc", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        env = env_argument(arg)
        owner_id = int(env["env_parent_id"]) if int(env["env_type"]) == ENV_TYPE_FLEXSC else int(env["env_id"])
        r = registration(owner_id)
        if int(r["owner"]) == 0 or int(r["owner"]["env_id"]) != owner_id:
            raise gdb.GdbError("%08x has no FlexSC registration" % owner_id)
        page_index = int(r["page"]) - int(value("pages"))
        page = KERNBASE + (page_index // integer("sizeof(pages[0])")) * PGSIZE
        gdb.write("syscall page of %08x (thread %08x) at %08x\n" % (owner_id, int(r["thread"]["env_id"]),
                                                                   page))
        words = read_words(page, PGSIZE // 4)
        for i in range(64):
            status, number, *args = words[16 * i:16 * i + 7]
            result = words[16 * i + 7]
            if status == 0:
                continue
            gdb.write("  %2d %-9s syscall %2d (%08x %08x %08x %08x %08x) -> %d\n" % (
                i, ENTRY_STATUS.get(status, "?"), number, *args,
                result - (1 << 32) if result & 0x80000000 else result))


class JosKstats(gdb.Command):
    """The kernel's counters summed over the CPUs, as the monitor's kstats prints the totals."""

    def __init__(self):
        super().__init__("jos kstats", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        fields = ["env_switches", "pgdir_loads", "flexsc_entries", "flexsc_batches", "flexsc_wakeups",
                  "flexsc_poller_sleeps", "flexsc_polled", "flexsc_thread_switches", "ipc_deliveries",
                  "tlb_shootdowns"]
        labels = ["env switches", "page directory loads", "flexsc entries served", "flexsc batches",
                  "flexsc thread wake-ups", "flexsc poller sleeps", "flexsc entries polled",
                  "flexsc thread switches", "IPC deliveries", "TLB shootdowns"]
        ncpu = integer("ncpu")
        gdb.write("Kernel statistics (%d CPU%s):\n" % (ncpu, "" if ncpu == 1 else "s"))
        syscalls = sum(int(value("cpus[%d].cpu_stats.syscalls[%d]" % (c, n)))
                       for c in range(ncpu) for n in range(int(value("sizeof(cpus[0].cpu_stats.syscalls) / 4"))))
        gdb.write("  %-28s %u\n" % ("syscalls", syscalls))
        for field, label in zip(fields, labels):
            total = sum(int(value("cpus[%d].cpu_stats.%s" % (c, field))) for c in range(ncpu))
            gdb.write("  %-28s %u\n" % (label, total))


Jos()
JosEnvs()
JosPgdir()
JosTf()
JosFlexsc()
JosKstats()
