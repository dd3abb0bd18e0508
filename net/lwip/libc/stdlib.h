/* The part of <stdlib.h> lwIP uses, for C: the library OS's functions
 * (lib/string.cpp, lib/rand.cpp; C linkage). */
#ifndef FLEXJOS_LWIP_LIBC_STDLIB_H
#define FLEXJOS_LWIP_LIBC_STDLIB_H

int atoi(const char *s);
int rand(void);

#endif
