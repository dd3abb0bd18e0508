// Boot-time self-check of the printf engine: every verb, flag and size that
// course material relies on, formatted with snprintf and compared.

#include <inc/error.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <kern/printf_check.h>

// Compares what snprintf produced with what it should have; reports a mismatch.
static bool
same(const char* got, const char* expected, const char* fmt)
{
    if (strcmp(got, expected) == 0)
        return true;
    cprintf("check_printfmt: \"%s\" gave \"%s\", expected \"%s\"\n", fmt, got, expected);
    return false;
}

#define CHECK(expected, fmt, ...)                                                                  \
    do {                                                                                           \
        snprintf(buf, sizeof(buf), fmt, __VA_ARGS__);                                              \
        ok &= same(buf, expected, fmt);                                                            \
    } while (0)

void
check_printfmt()
{
    char buf[64];
    bool ok = true;
    CHECK("42 -42 42", "%d %i %u", 42, -42, 42u);
    CHECK("4294967295", "%u", 0xFFFFFFFFu);
    CHECK("-2147483648", "%d", static_cast<int>(0x80000000u));
    CHECK("deadbeef 777 %", "%x %o %%", 0xDEADBEEFu, 0777u);
    CHECK("0xf0100000", "%p", reinterpret_cast<void*>(0xF0100000u));
    CHECK("x hi (null)", "%c %s %s", 'x', "hi", static_cast<const char*>(nullptr));
    CHECK("[   42][42   ][00042]", "[%5d][%-5d][%05d]", 42, 42, 42);
    CHECK("[  -42][-0042]", "[%5d][%05d]", -42, -42);
    CHECK("[   ab][ab   ][abc]", "[%5s][%-5s][%.3s]", "ab", "ab", "abcdef");
    CHECK("18446744073709551615", "%llu", 0xFFFFFFFFFFFFFFFFull);
    CHECK("-1 123456789abc", "%lld %llx", -1ll, 0x123456789ABCull);
    CHECK("4000000000 ffffffff", "%lu %lx", 4000000000ul, 0xFFFFFFFFul);
    CHECK("out of memory|bad environment", "%e|%e", to_int(Error::no_mem), -to_int(Error::bad_env));
    CHECK("error 99", "%e", -99);
    CHECK("%z", "%z", 0);

    // Truncation: the result counts every character, the buffer holds what fits.
    int n = snprintf(buf, 4, "%s", "abcdef");
    ok &= n == 6 && same(buf, "abc", "truncation");

    if (ok)
        cprintf("check_printfmt() succeeded!\n");
}
