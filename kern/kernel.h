// Included first by every kernel-only header: stops user code from including them.
#pragma once

#ifndef JOS_KERNEL
#error "kernel-only header"
#endif

// Marks a function on the trap, system call and FlexSC round trips. They are
// kept together at the start of the kernel's text (kern/kernel.ld): under
// QEMU, a jump or call into another page of code cannot be chained to
// directly and costs a lookup each time, so where these functions fall among
// unrelated code would otherwise move make bench's figures by 20%.
#define KERNEL_HOT [[gnu::section(".text.hot")]]
