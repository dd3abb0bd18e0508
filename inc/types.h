// Basic integer types and small helpers shared by the kernel, the library OS and the boot loader.
#pragma once

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

// Integer aliases kept from JOS so course material reads the same.
using physaddr_t = uint32_t;
using ssize_t = int32_t;
using off_t = int32_t;

static_assert(sizeof(void*) == 4, "FlexJOS is a 32-bit system");

template <typename T>
constexpr T
min(T a, T b)
{
    return a < b ? a : b;
}

template <typename T>
constexpr T
max(T a, T b)
{
    return a > b ? a : b;
}

// Rounds n down (or up) to a multiple of align; align must be a power of two.
constexpr uint32_t
round_down(uint32_t n, uint32_t align)
{
    return n & ~(align - 1);
}

constexpr uint32_t
round_up(uint32_t n, uint32_t align)
{
    return round_down(n + align - 1, align);
}

// The number of elements of a C array.
template <typename T, size_t N>
constexpr size_t
array_size(const T (&)[N])
{
    return N;
}

// Placement new: construct an object in memory an allocator handed out.
inline void*
operator new(size_t, void* where) noexcept
{
    return where;
}
#endif
