// Splitting the boot argument into options and the program's argv.

#include <kern/boot_command.h>
#include <kern/bootargs.h>
#include <inc/env.h>
#include <inc/string.h>

static char words[256]; // as long as the boot argument (kern/bootargs.cpp)

static uint32_t
option_flag(const char* option)
{
    if (strcmp(option, "+flexsc") == 0)
        return ENV_LIBOS_FLEXSC;
    if (strcmp(option, "+flexsc=always") == 0)
        return ENV_LIBOS_FLEXSC | ENV_LIBOS_FLEXSC_ALWAYS;
    return 0;
}

BootCommand
boot_command()
{
    // Split in place: each space becomes the end of the word before it.
    const char* tokens[BOOT_MAX_ARGS + 8];
    int ntokens = 0;
    strlcpy(words, bootargs(), sizeof(words));
    for (char* p = words; *p != '\0';) {
        if (*p == ' ') {
            *p++ = '\0';
            continue;
        }
        if (ntokens < static_cast<int>(sizeof(tokens) / sizeof(tokens[0])))
            tokens[ntokens++] = p; // (words beyond that are dropped, but still split off)
        while (*p != ' ' && *p != '\0')
            p++;
    }

    BootCommand cmd{};
    cmd.user_trap = UserTrapPolicy::monitor;
    for (int i = 0; i < ntokens; i++) {
        if (cmd.argc == 0 && tokens[i][0] == '+') {
            uint32_t flag = option_flag(tokens[i]);
            if (strcmp(tokens[i], "+usertrap=destroy") == 0)
                cmd.user_trap = UserTrapPolicy::destroy;
            else if (strcmp(tokens[i], "+usertrap=monitor") == 0)
                cmd.user_trap = UserTrapPolicy::monitor;
            else if (strcmp(tokens[i], "+nons") == 0)
                cmd.no_ns = true;
            else if (flag == 0 && cmd.bad_option == nullptr)
                cmd.bad_option = tokens[i];
            cmd.libos_flags |= flag;
        } else if (cmd.argc < BOOT_MAX_ARGS) {
            cmd.argv[cmd.argc++] = tokens[i];
        }
    }
    cmd.argv[cmd.argc] = nullptr;
    return cmd;
}
