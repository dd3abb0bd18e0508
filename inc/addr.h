// Physical and virtual addresses as distinct types: passing one where the other
// is expected does not compile. The kernel converts between them only in
// kern/pmap.h (kaddr / paddr), which checks the direct map's bounds.
#pragma once

#include <inc/mmu.h>

template <typename T>
class Result;

class PhysAddr {
public:
    constexpr explicit PhysAddr(uint32_t raw) : m_raw(raw) {}
    constexpr uint32_t raw() const { return m_raw; }
    constexpr PhysAddr page_down() const { return PhysAddr(m_raw & ~(PGSIZE - 1u)); }
    constexpr bool page_aligned() const { return (m_raw & (PGSIZE - 1)) == 0; }
    constexpr PhysAddr offset(uint32_t bytes) const { return PhysAddr(m_raw + bytes); }
    friend constexpr bool operator==(PhysAddr, PhysAddr) = default;

private:
    // Only for a Result<PhysAddr> that holds an error: nobody else can make an
    // address out of nothing.
    constexpr PhysAddr() : m_raw(0) {}
    friend class Result<PhysAddr>;

    uint32_t m_raw;
};

class VirtAddr {
public:
    constexpr explicit VirtAddr(uintptr_t raw) : m_raw(raw) {}
    explicit VirtAddr(const void* p) : m_raw(reinterpret_cast<uintptr_t>(p)) {}
    constexpr uintptr_t raw() const { return m_raw; }
    constexpr VirtAddr page_down() const { return VirtAddr(m_raw & ~(PGSIZE - 1u)); }
    constexpr bool page_aligned() const { return (m_raw & (PGSIZE - 1)) == 0; }
    constexpr VirtAddr offset(uint32_t bytes) const { return VirtAddr(m_raw + bytes); }
    template <typename T = void>
    T* ptr() const
    {
        return reinterpret_cast<T*>(m_raw);
    }
    friend constexpr bool operator==(VirtAddr, VirtAddr) = default;

private:
    uintptr_t m_raw;
};
