// The boot argument: which user program to run, passed by `make run-NAME` (and
// the grade harness) in QEMU's fw_cfg device as opt/flexjos/bootargs, so that
// choosing a program never needs a kernel rebuild.
#pragma once

#include <kern/kernel.h>

// The boot argument string, or "" if there is none (or no fw_cfg device, as under Bochs).
const char* bootargs();
