// Byte and string routines. Built with -fno-tree-loop-distribute-patterns so
// that GCC does not turn these loops back into calls to themselves.

#include <inc/string.h>

extern "C" void*
memset(void* dst, int c, size_t len)
{
    auto* d = static_cast<uint8_t*>(dst);
    // Word stores when aligned: page clearing is on the hot path of page allocation.
    if ((reinterpret_cast<uintptr_t>(d) & 3) == 0 && (len & 3) == 0) {
        uint32_t byte = static_cast<uint8_t>(c);
        uint32_t word = byte | (byte << 8) | (byte << 16) | (byte << 24);
        size_t words = len / 4;
        asm volatile("cld; rep stosl" : "+D"(d), "+c"(words) : "a"(word) : "memory", "cc");
        return dst;
    }
    while (len-- > 0)
        *d++ = static_cast<uint8_t>(c);
    return dst;
}

extern "C" void*
memmove(void* dst, const void* src, size_t len)
{
    auto* d = static_cast<uint8_t*>(dst);
    auto* s = static_cast<const uint8_t*>(src);
    if (s < d && s + len > d) {
        // Overlap with the destination above the source: copy backwards.
        while (len-- > 0)
            d[len] = s[len];
    } else {
        while (len-- > 0)
            *d++ = *s++;
    }
    return dst;
}

extern "C" void*
memcpy(void* dst, const void* src, size_t len)
{
    return memmove(dst, src, len);
}

extern "C" int
memcmp(const void* a, const void* b, size_t len)
{
    auto* p = static_cast<const uint8_t*>(a);
    auto* q = static_cast<const uint8_t*>(b);
    for (size_t i = 0; i < len; i++) {
        if (p[i] != q[i])
            return p[i] < q[i] ? -1 : 1;
    }
    return 0;
}

const void*
memfind(const void* s, int c, size_t len)
{
    auto* p = static_cast<const uint8_t*>(s);
    auto* end = p + len;
    for (; p < end; p++) {
        if (*p == static_cast<uint8_t>(c))
            break;
    }
    return p;
}

size_t
strlen(const char* s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

size_t
strnlen(const char* s, size_t size)
{
    size_t n = 0;
    while (n < size && s[n] != '\0')
        n++;
    return n;
}

char*
strcpy(char* dst, const char* src)
{
    char* d = dst;
    while ((*d++ = *src++) != '\0')
        ;
    return dst;
}

char*
strcat(char* dst, const char* src)
{
    strcpy(dst + strlen(dst), src);
    return dst;
}

// Copies at most size-1 characters and always terminates; returns strlen(src).
size_t
strlcpy(char* dst, const char* src, size_t size)
{
    size_t len = strlen(src);
    if (size > 0) {
        size_t n = min(len, size - 1);
        memmove(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

int
strcmp(const char* a, const char* b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return static_cast<uint8_t>(*a) - static_cast<uint8_t>(*b);
}

int
strncmp(const char* a, const char* b, size_t size)
{
    for (; size > 0; size--, a++, b++) {
        if (*a == '\0' || *a != *b)
            return static_cast<uint8_t>(*a) - static_cast<uint8_t>(*b);
    }
    return 0;
}

const char*
strchr(const char* s, char c)
{
    for (; *s != '\0'; s++) {
        if (*s == c)
            return s;
    }
    return nullptr;
}

static int
digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

long
strtol(const char* s, const char** endptr, int base)
{
    while (*s == ' ' || *s == '\t')
        s++;
    bool negative = false;
    if (*s == '+' || *s == '-')
        negative = *s++ == '-';

    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
        base = 16;
    } else if (base == 0 && s[0] == '0') {
        base = 8;
    } else if (base == 0) {
        base = 10;
    }

    unsigned long value = 0;
    for (int d; (d = digit_value(*s)) < base; s++)
        value = value * base + d;

    if (endptr != nullptr)
        *endptr = s;
    return negative ? -static_cast<long>(value) : static_cast<long>(value);
}

int
atoi(const char* s)
{
    return static_cast<int>(strtol(s, nullptr, 10));
}
