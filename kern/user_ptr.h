// Pointers that arrive from user space. A handler cannot dereference one: it
// has no * or ->, only check(), which applies the one rule for bad pointers.
// In kern/, not inc/: only the kernel checks pointers (the library passes
// plain ones), and the rule depends on how the call arrived (SyscallContext).
#pragma once

#include <kern/kernel.h>
#include <inc/error.h>
#include <inc/mmu.h>
#include <inc/types.h>

struct SyscallContext;

// The page permission a kernel access through a T* needs: reading only for const T.
template <typename T>
constexpr uint32_t USER_PERM_FOR = PTE_U | PTE_W;
template <typename T>
constexpr uint32_t USER_PERM_FOR<const T> = PTE_U;

// Whether the caller of ctx may access [va, va+len) with perm (user_mem_check).
// The rule, in this one place (kern/user_mem.cpp): a call by trap or sysenter
// with a bad pointer destroys its caller with JOS's "user_mem_check assertion
// failure" message (not returning if the caller is the current environment);
// a call posted on a FlexSC page gets fault in its entry. Errors: fault.
Error user_mem_check_call(const SyscallContext& ctx, uintptr_t va, size_t len, uint32_t perm);

// A user address of count objects of type T. The permission follows from T:
// UserPtr<const T> is read (PTE_U), UserPtr<T> also written (PTE_U | PTE_W),
// so a pointer checked for reading cannot be written through.
template <typename T>
class UserPtr {
public:
    constexpr explicit UserPtr(uintptr_t raw) : m_raw(raw) {}
    constexpr uintptr_t raw() const { return m_raw; }

    // The kernel's pointer to count objects at this address, once the caller
    // may access all of them; see user_mem_check_call for a bad one.
    // Errors: fault.
    Result<T*> check(const SyscallContext& ctx, size_t count) const
    {
        // A size that does not fit in 32 bits cannot be user memory: the
        // saturated length reaches ULIM and fails the check.
        size_t len = count > SIZE_MAX / sizeof(T) ? SIZE_MAX : count * sizeof(T);
        Error e = user_mem_check_call(ctx, m_raw, len, USER_PERM_FOR<T>);
        if (e != Error::ok)
            return e;
        return reinterpret_cast<T*>(m_raw);
    }

private:
    uintptr_t m_raw;
};
