// One-instruction wrappers for x86 instructions C++ cannot express.
#pragma once

#include <inc/types.h>

static inline uint8_t
inb(uint16_t port)
{
    uint8_t data;
    asm volatile("inb %w1, %0" : "=a"(data) : "d"(port));
    return data;
}

static inline void
insl(uint16_t port, void* addr, uint32_t count)
{
    asm volatile("cld; rep insl" : "+D"(addr), "+c"(count) : "d"(port) : "memory", "cc");
}

static inline uint16_t
inw(uint16_t port)
{
    uint16_t data;
    asm volatile("inw %w1, %0" : "=a"(data) : "d"(port));
    return data;
}

static inline uint32_t
inl(uint16_t port)
{
    uint32_t data;
    asm volatile("inl %w1, %0" : "=a"(data) : "d"(port));
    return data;
}

static inline void
outb(uint16_t port, uint8_t data)
{
    asm volatile("outb %0, %w1" : : "a"(data), "d"(port));
}

static inline void
outw(uint16_t port, uint16_t data)
{
    asm volatile("outw %0, %w1" : : "a"(data), "d"(port));
}

static inline void
outsl(uint16_t port, const void* addr, uint32_t count)
{
    asm volatile("cld; rep outsl" : "+S"(addr), "+c"(count) : "d"(port) : "cc");
}

static inline void
outl(uint16_t port, uint32_t data)
{
    asm volatile("outl %0, %w1" : : "a"(data), "d"(port));
}

static inline void
lcr0(uint32_t val)
{
    asm volatile("movl %0, %%cr0" : : "r"(val));
}

static inline uint32_t
rcr0()
{
    uint32_t val;
    asm volatile("movl %%cr0, %0" : "=r"(val));
    return val;
}

static inline uint32_t
rcr2()
{
    uint32_t val;
    asm volatile("movl %%cr2, %0" : "=r"(val));
    return val;
}

static inline void
lcr3(uint32_t val)
{
    asm volatile("movl %0, %%cr3" : : "r"(val) : "memory");
}

static inline uint32_t
rcr3()
{
    uint32_t val;
    asm volatile("movl %%cr3, %0" : "=r"(val));
    return val;
}

static inline void
lcr4(uint32_t val)
{
    asm volatile("movl %0, %%cr4" : : "r"(val));
}

static inline uint32_t
rcr4()
{
    uint32_t val;
    asm volatile("movl %%cr4, %0" : "=r"(val));
    return val;
}

static inline void
invlpg(uintptr_t va)
{
    asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline uint32_t
read_eflags()
{
    uint32_t eflags;
    asm volatile("pushfl; popl %0" : "=r"(eflags));
    return eflags;
}

static inline uint32_t
read_ebp()
{
    uint32_t ebp;
    asm volatile("movl %%ebp, %0" : "=r"(ebp));
    return ebp;
}

static inline uint64_t
read_tsc()
{
    uint64_t tsc;
    asm volatile("rdtsc" : "=A"(tsc));
    return tsc;
}

// CPUID leaf `info`: eax, ebx, ecx, edx in that order.
struct CpuidResult {
    uint32_t eax, ebx, ecx, edx;
};

static inline CpuidResult
cpuid(uint32_t info)
{
    CpuidResult r;
    asm volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(info), "c"(0));
    return r;
}

// Leaf 1's EDX bit 11: the CPU has sysenter and sysexit.
constexpr uint32_t CPUID_EDX_SEP = 1u << 11;

static inline bool
cpu_has_sysenter()
{
    return cpuid(1).edx & CPUID_EDX_SEP;
}

static inline void
pause()
{
    asm volatile("pause");
}

static inline void
halt()
{
    asm volatile("hlt");
}
