// panic, warn and assert: for broken invariants, never for bad user input.
#pragma once

[[noreturn]] void _panic(const char* file, int line, const char* fmt, ...);
void _warn(const char* file, int line, const char* fmt, ...);

#define panic(...) _panic(__FILE__, __LINE__, __VA_ARGS__)
#define warn(...) _warn(__FILE__, __LINE__, __VA_ARGS__)

#define assert(x)                                  \
    do {                                           \
        if (!(x))                                  \
            panic("assertion failed: %s", #x);     \
    } while (0)

// Kernel only: whether some CPU has panicked (the others then stop).
bool kernel_panicked();
