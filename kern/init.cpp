// Kernel initialization on the boot CPU: entry.S calls i386_init with paging on.

#include <inc/stdio.h>
#include <kern/console.h>
#include <kern/monitor.h>
#include <kern/pmap.h>
#include <kern/printf_check.h>
#include <kern/runtime.h>

// Lab 1's stack exercise: recurses x levels, then prints a backtrace from the
// bottom. Kept near the top of the file so its line numbers stay small.
__attribute__((noinline)) void test_backtrace(int x);

void
test_backtrace(int x)
{
    cprintf("entering test_backtrace %d\n", x);
    if (x > 0)
        test_backtrace(x - 1);
    else
        mon_backtrace(0, nullptr, nullptr);
    cprintf("leaving test_backtrace %d\n", x);
}

extern "C" [[noreturn]] void i386_init();

extern "C" void
i386_init()
{
    runtime_init();
    cons_init();

    cprintf("6828 decimal is %o octal!\n", 6828);
    check_printfmt();

    test_backtrace(5);

    mem_init();

    for (;;)
        monitor(nullptr);
}
