// Kernel stacks for FlexSC syscall threads: one page each, mapped in the part
// of the 4 MiB below KSTACKTOP that the CPUs' own stacks leave free, with an
// unmapped guard page under every one, so an overflow faults at once instead
// of writing over whatever page lies below.
#pragma once

#ifndef JOS_KERNEL
#error "kernel-only header"
#endif

#include <inc/error.h>
#include <inc/types.h>

// Maps a fresh zeroed stack into a free slot; returns the stack's top.
// Errors: no_mem (no page, or every slot is taken).
Result<uintptr_t> thread_stack_alloc();

// Unmaps the stack whose top thread_stack_alloc returned (every CPU's TLB
// forgets it) and frees its page. Not from that stack.
void thread_stack_free(uintptr_t top);
