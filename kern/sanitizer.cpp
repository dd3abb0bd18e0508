// The kernel's side of make SANITIZE=1 (inc/sanitizer.h): a failed check or a
// smashed stack is a kernel bug, so both panic; and the boot-time canary.

#include <inc/assert.h>
#include <inc/sanitizer.h>
#include <inc/stdio.h>
#include <inc/x86.h>
#include <kern/cmos.h>

// Any non-zero value until stack_guard_init replaces it; never in BSS, which
// runtime_init zeroes after the guard may already be in use.
uint32_t __stack_chk_guard = 0x00c0ffee;

void
sanitizer_fail(const char* check, const char* file, uint32_t line, uint32_t column,
               const char* detail)
{
    cprintf("UBSAN: %s at %s:%u:%u: %s\n", check, file, line, column, detail);
    _panic(file, static_cast<int>(line), "undefined behaviour (%s)", check);
}

// The address reported is inside the call to here: in the function that
// overran (the call is often its last instruction, so the return address is not).
void
__stack_chk_fail()
{
    panic("stack smashed: a buffer overran the frame of the function at %08x",
          reinterpret_cast<uintptr_t>(__builtin_return_address(0)) - 1);
}

// The boot CPU calls this first thing in i386_init. Entropy: the time stamp
// counter (cycles since reset, which depends on firmware and host timing), the
// real-time clock, and RDRAND when the CPU has it (QEMU's default qemu32 CPU
// does not).
void
stack_guard_init()
{
    constexpr uint32_t CPUID_ECX_RDRAND = 1u << 30;
    constexpr uint8_t RTC_SECONDS = 0x00, RTC_MINUTES = 0x02, RTC_HOURS = 0x04;
    uint64_t tsc = read_tsc();
    uint32_t entropy = static_cast<uint32_t>(tsc) ^ static_cast<uint32_t>(tsc >> 32);
    entropy ^= (cmos_read(RTC_SECONDS) << 8 | cmos_read(RTC_MINUTES) << 16) ^ cmos_read(RTC_HOURS);
    if (cpuid(1).ecx & CPUID_ECX_RDRAND) {
        uint32_t r;
        uint8_t ok;
        asm volatile("rdrand %0; setc %1" : "=r"(r), "=qm"(ok));
        if (ok)
            entropy ^= r;
    }
    __stack_chk_guard = stack_guard_from(entropy);
}
