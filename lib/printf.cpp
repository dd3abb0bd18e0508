// vcprintf for user programs (cprintf is common/cprintf.cpp): characters collect in a buffer that
// goes to the console in one sys_cputs, so a line is not split among other programs' output.

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

namespace {
// Output to a descriptor, a buffer at a time.
struct FdBuffer {
    int fdnum;
    int used;
    int count;
    int error; // the first write error, if any
    char buf[256];
};
} // namespace

static void
flush_fd_buffer(FdBuffer& b)
{
    if (b.used == 0)
        return;
    ssize_t r = write(b.fdnum, b.buf, b.used);
    if (r < 0 && b.error == 0)
        b.error = static_cast<int>(r);
    b.used = 0;
}

static void
fd_putch(int ch, void* ctx)
{
    auto* b = static_cast<FdBuffer*>(ctx);
    b->buf[b->used++] = static_cast<char>(ch);
    b->count++;
    if (b->used == static_cast<int>(sizeof(b->buf)))
        flush_fd_buffer(*b);
}

int
vfprintf(int fdnum, const char* fmt, va_list ap)
{
    FdBuffer b;
    b.fdnum = fdnum;
    b.used = 0;
    b.count = 0;
    b.error = 0;
    vprintfmt(fd_putch, &b, fmt, ap);
    flush_fd_buffer(b);
    return b.error != 0 ? b.error : b.count;
}

int
fprintf(int fdnum, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(fdnum, fmt, ap);
    va_end(ap);
    return r;
}

int
printf(const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(1, fmt, ap);
    va_end(ap);
    return r;
}
