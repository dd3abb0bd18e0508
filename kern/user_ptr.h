// Pointers that arrive from user space. A handler cannot dereference one: it
// has no * or ->, only check(), which applies the one rule for bad pointers.
// In kern/, not inc/: only the kernel checks pointers (the library passes
// plain ones), and the rule depends on how the call arrived (SyscallContext).
#pragma once

#include <kern/kernel.h>
#include <kern/pmap.h>
#include <kern/syscall_context.h>
#include <inc/error.h>
#include <inc/mmu.h>
#include <inc/types.h>

// The page permission a kernel access through a T* needs: reading only for const T.
template <typename T>
constexpr uint32_t USER_PERM_FOR = PTE_U | PTE_W;
template <typename T>
constexpr uint32_t USER_PERM_FOR<const T> = PTE_U;

// The rule for a pointer that failed user_mem_check, in this one place
// (kern/user_mem.cpp): a call by trap or sysenter destroys its caller with
// JOS's "user_mem_check assertion failure" message (not returning if the
// caller is the current environment); a call posted on a FlexSC page gets
// fault in its entry. Returns fault.
Error user_pointer_fault(const SyscallContext& ctx);

// A user address of count objects of type T. The permission follows from T:
// UserPtr<const T> is read (PTE_U), UserPtr<T> also written (PTE_U | PTE_W),
// so a pointer checked for reading cannot be written through.
template <typename T>
class UserPtr {
public:
    constexpr explicit UserPtr(uintptr_t raw) : m_raw(raw) {}
    constexpr uintptr_t raw() const { return m_raw; }

    // The kernel's pointer to count objects at this address, once the
    // caller of ctx may access all of them (user_mem_check); a bad pointer
    // is user_pointer_fault's. Errors: fault.
    Result<T*> check(const SyscallContext& ctx, size_t count) const
    {
        // A size that does not fit in 32 bits cannot be user memory: the
        // saturated length reaches ULIM and fails the check.
        size_t len = count > SIZE_MAX / sizeof(T) ? SIZE_MAX : count * sizeof(T);
        // Inline: on the sysenter path (its stack read) a call more costs
        // about 3% of the whole system call under emulation (make bench).
        if (!user_mem_check(ctx.caller, m_raw, len, USER_PERM_FOR<T>))
            return user_pointer_fault(ctx);
        return reinterpret_cast<T*>(m_raw);
    }

private:
    uintptr_t m_raw;
};
