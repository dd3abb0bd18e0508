// C++ runtime hooks for user programs.

#include <inc/lib.h>

extern "C" void __cxa_pure_virtual();
extern "C" int atexit(void (*)());

extern "C" void
__cxa_pure_virtual()
{
    panic("pure virtual function called");
}

// Destructors of globals do not run at exit (the environment just ends).
extern "C" int
atexit(void (*)())
{
    return 0;
}

void*
operator new(size_t)
{
    panic("operator new: no heap in the library OS");
}

void
operator delete(void*) noexcept
{
    panic("operator delete: no heap in the library OS");
}

void
operator delete(void*, size_t) noexcept
{
    panic("operator delete: no heap in the library OS");
}
