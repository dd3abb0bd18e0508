// The C++ runtime the kernel provides for itself: zeroing BSS and running global constructors.
#pragma once

#include <kern/kernel.h>

// Zeroes BSS, runs the constructors in .init_array, and checks that both
// happened. Must be the first thing the boot CPU does in C++.
void runtime_init();
