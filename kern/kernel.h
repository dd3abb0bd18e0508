// Included first by every kernel-only header: stops user code from including them.
#pragma once

#ifndef JOS_KERNEL
#error "kernel-only header"
#endif

// KERNEL_HOT and HOT_INLINE: emulator tuning, explained in one place.
#include <inc/hot_path.h>
