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

// The number after `prefix` in option (e.g. "+tick=" in "+tick=1") if
// option starts with prefix and the number is in [low, high], else 0.
static uint32_t
option_number(const char* option, const char* prefix, uint32_t low, uint32_t high)
{
    size_t n = strlen(prefix);
    if (strncmp(option, prefix, n) != 0 || option[n] == '\0')
        return 0;
    const char* end;
    long value = strtol(option + n, &end, 10);
    if (*end != '\0' || value < static_cast<long>(low) || value > static_cast<long>(high))
        return 0;
    return static_cast<uint32_t>(value);
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
            else if (uint32_t ms = option_number(tokens[i], "+tick=", 1, 10))
                cmd.tick_msec = ms;
            else if (uint32_t slots = option_number(tokens[i], "+envs=", 1, NENV))
                cmd.env_slots = slots;
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
