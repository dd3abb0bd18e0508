/* The part of <stdlib.h> lwIP uses: the library OS's functions (common/string.cpp,
 * lib/rand.cpp), which have C linkage. ns's C++ files see this header too,
 * through lwIP's headers. */
#ifndef FLEXJOS_LWIP_LIBC_STDLIB_H
#define FLEXJOS_LWIP_LIBC_STDLIB_H

#ifdef __cplusplus
extern "C" {
#endif

int atoi(const char* s);
int rand(void);

#ifdef __cplusplus
}
#endif

#endif
