// String and memory functions (common/string.cpp), linked into the kernel and every user program.
#pragma once

#include <inc/types.h>

extern "C" {
// GCC may emit calls to these four even in freestanding code, under these names.
void* memset(void* dst, int c, size_t len);
void* memcpy(void* dst, const void* src, size_t len);
void* memmove(void* dst, const void* src, size_t len);
int memcmp(const void* a, const void* b, size_t len);
// C code linked with the library OS (lwIP, in ns: net/lwip/libc/) calls these too.
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t size);
int atoi(const char* s); // decimal, as strtol(s, nullptr, 10)
}

size_t strnlen(const char* s, size_t size);
char* strcpy(char* dst, const char* src);
size_t strlcpy(char* dst, const char* src, size_t size);
char* strcat(char* dst, const char* src);
const char* strchr(const char* s, char c);
const void* memfind(const void* s, int c, size_t len);
// Parses an integer in base 0 (auto: 0x hex, 0 octal, else decimal), 8, 10 or 16.
long strtol(const char* s, const char** endptr, int base);
