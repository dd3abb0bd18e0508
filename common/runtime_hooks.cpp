// The C++ language's hooks, which must exist though neither the kernel nor
// the library OS uses them on purpose: both allocate whole pages through their
// own typed calls, and neither runs global destructors.

#include <inc/assert.h>
#include <inc/types.h>

extern "C" void __cxa_pure_virtual();
extern "C" int atexit(void (*)());

extern "C" void
__cxa_pure_virtual()
{
    panic("pure virtual function called");
}

// The kernel never exits, and an environment just ends: nothing to register.
extern "C" int
atexit(void (*)())
{
    return 0;
}

void*
operator new(size_t)
{
    panic("operator new: FlexJOS has no heap; allocate pages with the typed calls");
}

void
operator delete(void*) noexcept
{
    panic("operator delete: FlexJOS has no heap");
}

void
operator delete(void*, size_t) noexcept
{
    panic("operator delete: FlexJOS has no heap");
}
