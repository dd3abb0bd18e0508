// The boot argument: which user program to run, passed by `make run-NAME` (and
// the grade harness) in QEMU's fw_cfg device as opt/flexjos/bootargs, so that
// choosing a program never needs a kernel rebuild. Under Bochs (no fw_cfg) it
// comes from a one-sector disk instead (kern/bootargs_disk.h).
#pragma once

#include <kern/kernel.h>

// The boot argument string, or "" if there is none (neither fw_cfg nor the Bochs argument disk).
const char* bootargs();
