// Tuning for the emulator: the two names the kernel and the library OS use to
// keep the system call paths fast under QEMU, and why they are worth it.
// Every use site points here instead of explaining again. doc/bench.md has
// the measurements.
//
// FlexJOS runs under QEMU's TCG, which translates guest code into host code a
// block at a time and caches the blocks. Three of its habits make the cost of
// guest code differ from what instruction counts suggest:
//
//  1. Jumps across pages of guest code are slow. TCG chains one translated
//     block straight to the next only when both lie in the same 4 KiB page of
//     guest code. A call, return or jump into another page goes back to the
//     emulator's loop, which looks the target up in a hash table. On a path of
//     a few hundred instructions, a dozen such lookups cost as much as the
//     instructions themselves.
//  2. QEMU's software TLB is direct-mapped, indexed by the low bits of the
//     page number. Two pages used on every call whose page numbers agree in
//     those bits (say the per-CPU data and the user stack) evict each other
//     each time. Where data lands is a matter of link order, so adding one
//     field or one user program can move a path's time by 10-20% without
//     changing an instruction: compare make bench's icount set first.
//  3. Some instructions leave the translated code altogether: a `pause`
//     (kern/spinlock.h), a device register access such as the local APIC's
//     ID (kern/cpu.h), segment register loads and `popf` (kern/trapentry.S).
//     Those are avoided on the hot paths where the hardware allows.
//
// The build uses -O1, which inlines only small static functions, so the two
// names below say where the rest is worth it.
#pragma once

// A function on the trap, sysenter or FlexSC round trip of the kernel. The
// linker script (kern/kernel.ld) puts every such function, with
// kern/trapentry.S, first in the kernel's text, so a round trip runs in two
// or three pages of code instead of jumping among unrelated ones (1 above).
// Kernel only: user programs are linked without the section's ordering.
#define KERNEL_HOT [[gnu::section(".text.hot")]]

// A small function that runs once per system call or per FlexSC entry and is
// inlined into its caller whatever -O1 thinks: a call and return would cost
// more than the function's own instructions, and into another page of code
// twice that (1 above). Use it only where make bench shows the difference.
#define HOT_INLINE [[gnu::always_inline]] inline
