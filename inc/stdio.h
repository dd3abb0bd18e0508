// Formatted output and line input, for the kernel and for user programs.
// No format(printf) attributes: GCC would reject %e, which here prints an error code.
#pragma once

#include <inc/types.h>
#include <stdarg.h>

// The formatter behind every printf. putch is called once per character with the
// caller's context. Verbs: %d %i %u %x %o %c %s %p %e %% with width, '-' and '0'
// flags, precision for strings, and 'l' / 'll' sizes.
using PutchFn = void (*)(int ch, void* ctx);
void printfmt(PutchFn putch, void* ctx, const char* fmt, ...);
void vprintfmt(PutchFn putch, void* ctx, const char* fmt, va_list ap);

int snprintf(char* buf, int size, const char* fmt, ...);
int vsnprintf(char* buf, int size, const char* fmt, va_list ap);

// Provided by the console of whoever links this (kernel console or user-space fd 0/1).
void cputchar(int c);
int getchar();
int iscons(int fd);

// Console printf; returns the number of characters printed.
int cprintf(const char* fmt, ...);
int vcprintf(const char* fmt, va_list ap);

// Reads a line with echo and backspace editing; returns a static buffer, or nullptr on error.
char* readline(const char* prompt);
