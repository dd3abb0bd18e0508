// sys_cputs holds the kernel lock while it prints, so it refuses more than
// CPUTS_MAX bytes in one call, by every path; the library prints in pieces.

#include <inc/lib.h>

static char text[CPUTS_MAX + 1];

void
umain(int, char**)
{
    memset(text, '.', sizeof(text));
    auto number = static_cast<uint32_t>(Syscall::cputs);
    auto s = reinterpret_cast<uint32_t>(text);
    cprintf("cputsmax: %u bytes by int $0x30: %e\n", CPUTS_MAX + 1,
            syscall_via(SyscallPath::int30, number, s, CPUTS_MAX + 1, 0, 0, 0));
    cprintf("cputsmax: %u bytes by sysenter: %e\n", CPUTS_MAX + 1,
            syscall_via(SyscallPath::sysenter, number, s, CPUTS_MAX + 1, 0, 0, 0));
    text[CPUTS_MAX] = '\n';
    int fd = opencons();
    if (fd < 0)
        panic("opencons: %e", fd);
    int written = write(fd, text, sizeof(text));
    cprintf("cputsmax: write of %u bytes to the console wrote %d\n", CPUTS_MAX + 1, written);
}
