// panic, warn and assert: for broken invariants, never for bad user input.
#pragma once

[[noreturn]] void _panic(const char* file, int line, const char* fmt, ...);
void _warn(const char* file, int line, const char* fmt, ...);

#define panic(...) _panic(__FILE__, __LINE__, __VA_ARGS__)
#define warn(...) _warn(__FILE__, __LINE__, __VA_ARGS__)

#define assert(x)                                                                                  \
    do {                                                                                           \
        if (!(x))                                                                                  \
            panic("assertion failed: %s", #x);                                                     \
    } while (0)

// Kernel only: whether some CPU has panicked (the others then stop).
bool kernel_panicked();

// A handout's stub body (doc/labs.md): `NOT_IMPLEMENTED(lab, parameters...);`
// panics naming the function and its lab, so a missing exercise fails loudly
// where it is missing. It takes the function's parameters only so that they
// count as used (the handout builds with -Werror, as the solution does).
template <typename... Unused>
[[noreturn]] inline void
not_implemented(const char* file, int line, const char* function, int lab, const Unused&...)
{
    _panic(file, line, "%s: not implemented (lab %d, doc/labs/lab%d.md)", function, lab, lab);
}

#define NOT_IMPLEMENTED(lab, ...)                                                                  \
    not_implemented(__FILE__, __LINE__, __func__, lab __VA_OPT__(, ) __VA_ARGS__)
