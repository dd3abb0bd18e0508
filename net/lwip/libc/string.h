/* The part of <string.h> lwIP uses: the library OS's functions (common/string.cpp),
 * which have C linkage (inc/string.h declares them for C++). ns's C++ files see
 * this header too, through lwIP's headers. */
#ifndef FLEXJOS_LWIP_LIBC_STRING_H
#define FLEXJOS_LWIP_LIBC_STRING_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void* memset(void* dst, int c, size_t len);
void* memcpy(void* dst, const void* src, size_t len);
void* memmove(void* dst, const void* src, size_t len);
int memcmp(const void* a, const void* b, size_t len);
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t size);

#ifdef __cplusplus
}
#endif

#endif
