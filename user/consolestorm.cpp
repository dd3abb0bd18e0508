// Console output from several CPUs at once: printers send long lines through
// sys_cputs while short-lived children fault, so that the kernel prints trap
// frames on other CPUs at the same time (the first "Incoming TRAP frame" line
// is printed before the kernel lock is taken). Every line must come out
// whole; the grade test checks that none is mixed with another. Run it on
// 4 CPUs: interleaving needs CPUs that really run in parallel.

#include <inc/lib.h>

static constexpr int PRINTERS = 3;
static constexpr int LINES = 20;
static constexpr int FAULTERS = 24;

// Long enough that printing it keeps the console busy (under 256 characters,
// lib/printf.cpp's buffer, so each line is one sys_cputs).
static const char PAYLOAD[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                              "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                              "abcdefghijklmnopqrstuvwxyz";

[[noreturn]] static void
print_lines(int printer)
{
    for (int line = 0; line < LINES; line++)
        cprintf("consolestorm: printer %d line %02d %s\n", printer, line, PAYLOAD);
    exit();
}

// An invalid opcode: the kernel prints the trap and destroys the child.
[[noreturn]] static void
fault()
{
    asm volatile("ud2");
    for (;;) {
    }
}

void
umain(int, char**)
{
    for (int p = 0; p < PRINTERS; p++) {
        envid_t child = fork();
        if (child < 0)
            panic("consolestorm: fork: %e", child);
        if (child == 0)
            print_lines(p);
    }
    for (int f = 0; f < FAULTERS; f++) {
        envid_t child = fork();
        if (child < 0)
            panic("consolestorm: fork: %e", child);
        if (child == 0)
            fault();
    }
}
