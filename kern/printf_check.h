// Boot-time self-check of cprintf's formatting engine (common/printfmt.cpp).
#pragma once

#include <kern/kernel.h>

// Prints "check_printfmt() succeeded!", or one line per mismatch.
void check_printfmt();
