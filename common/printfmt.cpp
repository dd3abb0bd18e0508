// The printf engine shared by the kernel's cprintf, the library OS's cprintf and snprintf.

#include <inc/assert.h>
#include <inc/error.h>
#include <inc/stdio.h>
#include <inc/string.h>

namespace {

// What the verb's flags, width and size say about how to print one argument.
struct Spec {
    char pad = ' ';     // '0' with the 0 flag
    bool left = false;  // '-' flag: pad on the right
    int width = -1;     // minimum field width, -1 if none
    int precision = -1; // maximum characters of a string, -1 if none
    int long_count = 0; // number of 'l's
};

struct Sink {
    PutchFn putch;
    void* ctx;
    void put(int c) const { putch(c, ctx); }
    void pad(int count, char c) const
    {
        for (; count > 0; count--)
            put(c);
    }
};

} // namespace

static uint64_t
unsigned_arg(va_list* ap, int long_count)
{
    if (long_count >= 2)
        return va_arg(*ap, unsigned long long);
    if (long_count == 1)
        return va_arg(*ap, unsigned long);
    return va_arg(*ap, unsigned int);
}

static int64_t
signed_arg(va_list* ap, int long_count)
{
    if (long_count >= 2)
        return va_arg(*ap, long long);
    if (long_count == 1)
        return va_arg(*ap, long);
    return va_arg(*ap, int);
}

// Prints num in base with the spec's padding; '-' (when negative) goes before zero padding.
static void
print_number(const Sink& out, uint64_t num, unsigned base, bool negative, const Spec& spec)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[num % base];
        num /= base;
    } while (num != 0);

    int len = n + (negative ? 1 : 0);
    int padding = spec.width > len ? spec.width - len : 0;
    if (!spec.left && spec.pad == ' ')
        out.pad(padding, ' ');
    if (negative)
        out.put('-');
    if (!spec.left && spec.pad == '0')
        out.pad(padding, '0');
    while (n > 0)
        out.put(digits[--n]);
    if (spec.left)
        out.pad(padding, ' ');
}

static void
print_string(const Sink& out, const char* s, const Spec& spec)
{
    if (s == nullptr)
        s = "(null)";
    int len = static_cast<int>(spec.precision >= 0 ? strnlen(s, spec.precision) : strlen(s));
    int padding = spec.width > len ? spec.width - len : 0;
    if (!spec.left)
        out.pad(padding, spec.pad);
    for (int i = 0; i < len; i++)
        out.put(s[i]);
    if (spec.left)
        out.pad(padding, ' ');
}

// Reads flags, width, precision and size after a '%'; returns a pointer to the verb.
static const char*
parse_spec(const char* fmt, va_list* ap, Spec& spec)
{
    for (;; fmt++) {
        if (*fmt == '-')
            spec.left = true;
        else if (*fmt == '0')
            spec.pad = '0';
        else
            break;
    }
    if (*fmt == '*') {
        spec.width = va_arg(*ap, int);
        fmt++;
    } else if (*fmt >= '1' && *fmt <= '9') {
        for (spec.width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
            spec.width = spec.width * 10 + (*fmt - '0');
    }
    if (*fmt == '.') {
        fmt++;
        if (*fmt == '*') {
            spec.precision = va_arg(*ap, int);
            fmt++;
        } else {
            for (spec.precision = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
                spec.precision = spec.precision * 10 + (*fmt - '0');
        }
    }
    for (; *fmt == 'l'; fmt++)
        spec.long_count++;
    return fmt;
}

void
vprintfmt(PutchFn putch, void* ctx, const char* fmt, va_list ap)
{
    const Sink out{putch, ctx};
    va_list args;
    va_copy(args, ap);

    while (*fmt != '\0') {
        if (*fmt != '%') {
            out.put(*fmt++);
            continue;
        }
        const char* verb_start = fmt;
        Spec spec;
        fmt = parse_spec(fmt + 1, &args, spec);
        if (*fmt == '\0') {
            // The string ended inside a verb: print what there was, so the mistake is visible.
            while (verb_start < fmt)
                out.put(*verb_start++);
            break;
        }
        switch (*fmt) {
        case 'c':
            out.put(va_arg(args, int));
            break;
        case 's':
            print_string(out, va_arg(args, const char*), spec);
            break;
        case 'e': {
            int code = va_arg(args, int);
            if (code < 0)
                code = -code;
            const char* message = error_string(code);
            if (message != nullptr)
                print_string(out, message, spec);
            else
                printfmt(putch, ctx, "error %d", code);
            break;
        }
        case 'd':
        case 'i': {
            int64_t num = signed_arg(&args, spec.long_count);
            bool negative = num < 0;
            print_number(out, negative ? -static_cast<uint64_t>(num) : num, 10, negative, spec);
            break;
        }
        case 'u':
            print_number(out, unsigned_arg(&args, spec.long_count), 10, false, spec);
            break;
        case 'o':
            // LAB 1: BEGIN SOLUTION
            // HINT: print the unsigned argument in base 8, as %u does in base 10 (print_number
            //       takes the base). Exercise 1 in doc/labs/lab1.md; test_printf_prints_octal.
            print_number(out, unsigned_arg(&args, spec.long_count), 8, false, spec);
            // LAB 1: STUB
            // NOT_IMPLEMENTED(1);
            // LAB 1: END SOLUTION
            break;
        case 'x':
            print_number(out, unsigned_arg(&args, spec.long_count), 16, false, spec);
            break;
        case 'p':
            out.put('0');
            out.put('x');
            spec.long_count = 0;
            print_number(out, reinterpret_cast<uintptr_t>(va_arg(args, void*)), 16, false, spec);
            break;
        case '%':
            out.put('%');
            break;
        default:
            // Unknown verb: print it as written so the mistake is visible.
            for (const char* p = verb_start; p <= fmt; p++)
                out.put(*p);
            break;
        }
        fmt++;
    }
    va_end(args);
}

void
printfmt(PutchFn putch, void* ctx, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintfmt(putch, ctx, fmt, ap);
    va_end(ap);
}

namespace {
struct StringBuffer {
    char* next;
    char* end; // one past the last byte that may hold a character (the terminator goes here)
    int count;
};
} // namespace

static void
string_putch(int ch, void* ctx)
{
    auto* b = static_cast<StringBuffer*>(ctx);
    b->count++;
    if (b->next < b->end)
        *b->next++ = static_cast<char>(ch);
}

// Formats into buf, truncating to size-1 characters; returns the untruncated length,
// or -E_INVAL if there is no room even for the terminator.
int
vsnprintf(char* buf, int size, const char* fmt, va_list ap)
{
    if (buf == nullptr || size < 1)
        return to_int(Error::inval);
    StringBuffer b{buf, buf + size - 1, 0};
    vprintfmt(string_putch, &b, fmt, ap);
    *b.next = '\0';
    return b.count;
}

int
snprintf(char* buf, int size, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
