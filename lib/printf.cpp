// cprintf for user programs: characters collect in a buffer that goes to the
// console in one sys_cputs, so a line is not split among other programs' output.

#include <inc/lib.h>

namespace {
struct PrintBuffer {
    int used;
    int count; // characters printed in all
    char buf[256];
};
} // namespace

static void
buffer_putch(int ch, void* ctx)
{
    auto* b = static_cast<PrintBuffer*>(ctx);
    b->buf[b->used++] = static_cast<char>(ch);
    if (b->used == static_cast<int>(sizeof(b->buf))) {
        sys_cputs(b->buf, b->used);
        b->used = 0;
    }
    b->count++;
}

int
vcprintf(const char* fmt, va_list ap)
{
    PrintBuffer b;
    b.used = 0;
    b.count = 0;
    vprintfmt(buffer_putch, &b, fmt, ap);
    sys_cputs(b.buf, b.used);
    return b.count;
}

int
cprintf(const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int count = vcprintf(fmt, ap);
    va_end(ap);
    return count;
}
