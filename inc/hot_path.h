// Tuning for the emulator, in one place: the names the kernel and the library
// OS use to keep the system call paths fast under QEMU, and why. Use sites
// point here instead of explaining again; doc/bench.md has the measurements.
//
// FlexJOS runs under QEMU's TCG, which translates guest code into host code a
// block at a time and caches the blocks. Three of its habits make the cost of
// guest code differ from what instruction counts suggest:
//
//  1. Jumps across pages of guest code are slow. TCG chains one translated
//     block straight to the next only when both lie in the same 4 KiB page of
//     guest code. A call, return or jump into another page goes back through
//     a lookup of the target. On a path of a few hundred instructions, a dozen
//     such lookups cost as much as the instructions themselves.
//  2. QEMU's software TLB is direct-mapped, indexed by the low bits of the
//     page number. Two pages used on every call whose page numbers agree in
//     those bits (say the per-CPU data and the user stack) evict each other
//     each time. Where data lands is a matter of link order, so adding one
//     field or one user program can move a path's time by 10-20% without
//     changing an instruction: when a time moves, compare make bench's
//     icount set (instructions) first.
//  3. Some instructions leave the translated code altogether: a `pause`
//     (kern/spinlock.h), a device register access such as the local APIC's
//     ID (kern/cpu.h), segment register loads and `popf` (kern/trapentry.S).
//     The hot paths avoid them where the hardware allows.
//
// The build uses -O1 (readable in gdb), which inlines only small static
// functions called once; the two names below say where more is worth it. (One
// more choice lives in kern/Makefrag: the kernel returns an 8-byte Result<T>
// in edx:eax, -freg-struct-return, instead of through memory.)
#pragma once

// A function on the trap, sysenter or FlexSC round trip of the kernel. The
// linker script (kern/kernel.ld) puts every such function, with
// kern/trapentry.S, first in the kernel's text, so that a round trip runs in
// a few pages of code instead of jumping among unrelated ones (1 above), and
// so that unrelated changes elsewhere in the kernel do not move it. Kernel
// only. (Its gain is a matter of time, not instructions: measure it with
// make bench's TSC set on a quiet host, doc/bench.md.)
#define KERNEL_HOT [[gnu::section(".text.hot")]]

// A small function that runs once per system call or per FlexSC entry,
// inlined into its caller whatever -O1 thinks: a call and return cost more
// than such a function's own work, and twice that into another page (1
// above). Measured (make bench's icount set): without it a batch of 64 null
// calls runs 162 instructions per call instead of 147, int $0x30 661 instead
// of 647. Use it only where make bench shows a difference.
#define HOT_INLINE [[gnu::always_inline]] inline
