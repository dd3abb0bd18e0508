// The kernel monitor's command loop and its table of commands.

#include <kern/monitor.h>
#include <kern/pmap.h>
#include <kern/trap.h>
#include <inc/mmu.h>
#include <inc/stdio.h>
#include <inc/string.h>

namespace {
struct Command {
    const char* name;
    const char* description;
    int (*run)(int argc, char** argv, Trapframe* tf);
};
} // namespace

static constexpr Command commands[] = {
    {"help", "Display this list of commands", mon_help},
    {"kerninfo", "Display information about the kernel", mon_kerninfo},
    {"backtrace", "Display the stack backtrace", mon_backtrace},
    {"showmappings", "Show the page mappings of a range of virtual addresses", mon_showmappings},
    {"setperm", "Set permission bits of a page mapping", mon_setperm},
    {"clearperm", "Clear permission bits of a page mapping", mon_clearperm},
    {"dumpmem", "Dump memory at a virtual (or with -p physical) address", mon_dumpmem},
    {"kstats", "Display the kernel statistics counters", mon_kstats},
    {"ps", "List the environments (FlexSC syscall threads too)", mon_ps},
    {"continue", "Resume the environment stopped at a breakpoint (also: c)", mon_continue},
    {"c", "Same as continue", mon_continue},
    {"stepi", "Execute one instruction of the stopped environment (also: si)", mon_stepi},
    {"si", "Same as stepi", mon_stepi},
};

// Whether tf is a user environment's trap the monitor can resume.
static bool
resumable(const Trapframe* tf, const char* command)
{
    if (tf != nullptr && (tf->tf_cs & 3) == 3)
        return true;
    cprintf("%s: no user environment is stopped in the monitor\n", command);
    return false;
}

int
mon_continue(int, char** argv, Trapframe* tf)
{
    if (!resumable(tf, argv[0]))
        return 0;
    tf->tf_eflags &= ~FL_TF;
    return -1;
}

// Sets the trap flag: the CPU traps (T_DEBUG) after one instruction, back into the monitor.
int
mon_stepi(int, char** argv, Trapframe* tf)
{
    if (!resumable(tf, argv[0]))
        return 0;
    tf->tf_eflags |= FL_TF;
    return -1;
}

int
mon_help(int, char**, Trapframe*)
{
    for (const Command& c : commands)
        cprintf("%s - %s\n", c.name, c.description);
    return 0;
}

static constexpr int MAX_ARGS = 16;

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Splits line in place into words and runs the command the first word names.
static int
run_command(char* line, Trapframe* tf)
{
    char* argv[MAX_ARGS + 1];
    int argc = 0;
    for (;;) {
        while (is_blank(*line))
            *line++ = '\0';
        if (*line == '\0')
            break;
        if (argc == MAX_ARGS) {
            cprintf("Too many arguments (max %d)\n", MAX_ARGS);
            return 0;
        }
        argv[argc++] = line;
        while (*line != '\0' && !is_blank(*line))
            line++;
    }
    argv[argc] = nullptr;
    if (argc == 0)
        return 0;

    for (const Command& c : commands) {
        if (strcmp(argv[0], c.name) == 0)
            return c.run(argc, argv, tf);
    }
    cprintf("Unknown command '%s'\n", argv[0]);
    return 0;
}

void
monitor(Trapframe* tf)
{
    cprintf("Welcome to the JOS kernel monitor!\n");
    cprintf("Type 'help' for a list of commands.\n");
    // After programs exit this must equal the count at boot: no page leaked.
    cprintf("Free physical pages: %u\n", static_cast<uint32_t>(page_free_count()));
    if (tf != nullptr)
        print_trapframe(tf);

    for (;;) {
        char* line = readline("K> ");
        if (line != nullptr && run_command(line, tf) < 0)
            break;
    }
}
