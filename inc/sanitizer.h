// The runtime behind make SANITIZE=1 (doc/toolchain.md): what the kernel and the
// library OS each provide for the compiler's undefined-behaviour checks and for
// the stack protector. common/ubsan.cpp decodes the checks; the side it is linked
// into decides what a failed check does.
#pragma once

#include <inc/types.h>

// Reports a failed check, "UBSAN: <check> at <file>:<line>:<column>" plus a
// detail (may be empty), and stops: the kernel panics; a user environment
// prints its id first and exits, so user code cannot take the kernel down.
// Defined in kern/sanitizer.cpp and lib/sanitizer.cpp.
[[noreturn]] void sanitizer_fail(const char* check, const char* file, uint32_t line,
                                 uint32_t column, const char* detail);

// Seeds __stack_chk_guard, the stack protector's canary. Must run before any
// function that the protector instruments, from a function it does not
// instrument (a frame that saved the old canary would fail on return).
[[gnu::no_stack_protector]] void stack_guard_init();

// Mixes entropy into a canary: well-spread bits, low byte zero so that a string
// copy or print running off a buffer stops at the canary's first byte.
[[gnu::no_stack_protector]] inline uint32_t
stack_guard_from(uint32_t entropy)
{
    uint32_t x = entropy;
    x ^= x >> 16;
    x *= 0x7feb352d;
    x ^= x >> 15;
    x *= 0x846ca68b;
    x ^= x >> 16;
    x &= ~0xffu;
    return x != 0 ? x : 0xdead0000;
}

extern "C" {
// Read by every instrumented function (-mstack-protector-guard=global).
extern uint32_t __stack_chk_guard;
// Called by an instrumented function whose canary changed: a stack overflow.
[[noreturn]] void __stack_chk_fail();
}
