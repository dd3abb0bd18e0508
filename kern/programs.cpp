// Looking up the user programs built into the kernel.

#include <kern/programs.h>
#include <inc/string.h>

extern "C" {
extern const UserProgram user_programs[];
extern const uint32_t user_program_count;
}

const UserProgram*
find_user_program(const char* name)
{
    for (uint32_t i = 0; i < user_program_count; i++) {
        if (strcmp(user_programs[i].name, name) == 0)
            return &user_programs[i];
    }
    return nullptr;
}
