/* lwIP's compiler and platform port for FlexJOS (lwIP's src/include/lwip/arch.h
 * lists what a port may define). Read by lwIP's C and, through lwIP's headers, by ns's C++. */
#ifndef FLEXJOS_LWIP_ARCH_CC_H
#define FLEXJOS_LWIP_ARCH_CC_H

/* Under -nostdinc GCC's limits.h looks for the C library's and fails, and
 * there is no inttypes.h or ctype.h: lwIP then uses its own format macros and
 * character tests, and these limits. */
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_CTYPE_H 1
#define LWIP_NO_LIMITS_H 1
#define INT_MAX __INT_MAX__
#define X8_F "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "u"

#ifdef __cplusplus
extern "C" {
#endif

/* Diagnostics and failed assertions go to the console through ns's port
 * (net/lwip_port.cpp); an assertion failure ends ns with a panic. */
void lwip_port_diag(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void lwip_port_assert(const char* message, int line, const char* file) __attribute__((noreturn));
#define LWIP_PLATFORM_DIAG(x)                                                                      \
    do {                                                                                           \
        lwip_port_diag x;                                                                          \
    } while (0)
#define LWIP_PLATFORM_ASSERT(x) lwip_port_assert((x), __LINE__, __FILE__)

/* The library OS's generator (lib/rand.cpp): TCP's initial ports. */
int rand(void);
#define LWIP_RAND() ((u32_t)rand())

#ifdef __cplusplus
}
#endif

#endif
