// Asks the kernel to write into the read-only page-table view (UVPT) by every
// system call path. The page picked is UTEXT's page table: its entry in the
// self-mapped directory is writable, but the directory entry that maps the
// whole UVPT window is not, so only a check that combines both levels (as the
// MMU does) refuses it. The trap callers must be destroyed, the FlexSC entry
// must fail with -E_FAULT, and the kernel must stay up.

#include <inc/lib.h>

static uintptr_t
text_page_table()
{
    return round_down(reinterpret_cast<uintptr_t>(&uvpt[PGNUM(UTEXT)]), PGSIZE);
}

static void
write_by(SyscallPath path, const char* name)
{
    envid_t child = fork();
    if (child < 0)
        panic("fork: %e", child);
    if (child == 0) {
        int32_t r = syscall_via(path, static_cast<uint32_t>(Syscall::kstats), text_page_table(), 0,
                                0, 0, 0);
        cprintf("uvptwrite: %s: the kernel returned %e instead of destroying me\n", name, r);
        exit();
    }
    wait(child);
}

void
umain(int, char**)
{
    cprintf("uvptwrite: target %08x\n", text_page_table());
    write_by(SyscallPath::int30, "int $0x30");
    write_by(SyscallPath::sysenter, "sysenter");
    int r = flexsc_register();
    if (r < 0)
        panic("flexsc_register: %e", r);
    r = flexsc_call(Syscall::kstats, reinterpret_cast<KStats*>(text_page_table()));
    cprintf("uvptwrite: flexsc: %e\n", r);
    cprintf("uvptwrite: the kernel is still up\n");
}
