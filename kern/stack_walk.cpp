// Frame-pointer walks bounded by the kernel stack they start on.

#include <kern/cpu.h>
#include <kern/pmap.h>
#include <kern/stack_walk.h>

namespace {

struct StackBounds {
    uintptr_t low;
    uintptr_t high;
};

// The kernel stack holding address sp. A kernel stack is one of: a CPU's
// stack at kstacktop(i), the same memory at its link address (percpu_kstacks,
// where application processors start), the boot stack, or a FlexSC syscall
// thread's stack, which is one page: anything else is taken to be such a page.
KERNEL_HOT StackBounds
stack_bounds(uintptr_t sp)
{
    constexpr uintptr_t stride = KSTKSIZE + KSTKGAP;
    if (sp < KSTACKTOP && sp >= KSTACKTOP - NCPU * stride) {
        uintptr_t top = kstacktop(static_cast<int>((KSTACKTOP - 1 - sp) / stride));
        if (sp >= top - KSTKSIZE)
            return {top - KSTKSIZE, top};
    }
    auto percpu = reinterpret_cast<uintptr_t>(percpu_kstacks);
    if (sp >= percpu && sp < percpu + sizeof(percpu_kstacks)) {
        uintptr_t low = round_down(sp - percpu, KSTKSIZE) + percpu;
        return {low, low + KSTKSIZE};
    }
    auto boot_low = reinterpret_cast<uintptr_t>(bootstack);
    auto boot_high = reinterpret_cast<uintptr_t>(bootstacktop);
    if (sp >= boot_low && sp < boot_high)
        return {boot_low, boot_high};
    return {round_down(sp, PGSIZE), round_down(sp, PGSIZE) + PGSIZE};
}

} // namespace

KERNEL_HOT
FrameWalk::FrameWalk(uintptr_t ebp) : m_ebp(ebp)
{
    StackBounds bounds = stack_bounds(ebp);
    m_low = bounds.low;
    m_high = bounds.high;
}

KERNEL_HOT bool
FrameWalk::next_return_address(uintptr_t& eip)
{
    // The saved ebp and the return address must both lie inside the stack.
    if (m_ebp < m_low || m_ebp % 4 != 0 || m_high - m_ebp < 8)
        return false;
    auto* words = reinterpret_cast<const uint32_t*>(m_ebp);
    eip = words[1];
    uintptr_t caller = words[0];
    m_ebp = caller > m_ebp ? caller : 0; // frames only go up; 0 ends the chain
    return true;
}

bool
FrameWalk::next(StackFrame& frame)
{
    uintptr_t ebp = m_ebp;
    if (!next_return_address(frame.eip))
        return false;
    frame.ebp = ebp;
    // The outermost function's arguments would lie past the top: it was
    // entered by a stub that pushed none.
    auto* words = reinterpret_cast<const uint32_t*>(ebp);
    for (uint32_t i = 0; i < 5; i++)
        frame.args[i] = ebp + 4 * (i + 2) < m_high ? words[i + 2] : 0;
    return true;
}
