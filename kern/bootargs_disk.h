// The boot argument where there is no fw_cfg device (Bochs): a one-sector disk
// on the secondary IDE channel that `make bochs` writes (conf/bochs-args.sh).
#pragma once

#include <inc/types.h>

// The sector starts with this line; the argument follows, ended by a NUL.
inline constexpr const char BOOTARGS_DISK_MAGIC[] = "FLEXJOS-BOOTARGS\n";

// Copies the argument into buf (at most len - 1 characters, NUL-terminated).
// Returns false, leaving buf untouched, when there is no such disk or the
// sector does not start with the magic line.
bool bootargs_from_disk(char* buf, uint32_t len);
