// Console output, a line at a time (kern/console_lock.h says what is atomic).
// Each CPU keeps the partial line its kernel cprintf calls have built so far;
// the line goes to the devices, under the console lock, when it ends.

#include <kern/console.h>
#include <kern/console_lock.h>
#include <kern/cpu.h>
#include <inc/stdio.h>

namespace {
struct PendingLine {
    char text[256];
    uint32_t used;
};
} // namespace

static PendingLine pending[NCPU];

static void
write_to_devices(const char* s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        cons_putc_devices(s[i]);
}

// Sends this CPU's partial line out. The caller holds the console lock.
static void
flush_pending(PendingLine& line)
{
    uint32_t used = line.used;
    line.used = 0;
    write_to_devices(line.text, used);
}

namespace {
struct FormatContext {
    bool nested;
    int count;
};
} // namespace

static void
buffer_putch(int ch, void* ctx)
{
    auto* format = static_cast<FormatContext*>(ctx);
    format->count++;
    if (format->nested) {
        // A print inside a print (a panic while printing): the buffer is
        // the outer call's, so this goes straight out.
        cons_putc_devices(ch);
        return;
    }
    PendingLine& line = pending[cpunum()];
    line.text[line.used++] = static_cast<char>(ch);
    if (ch == '\n' || line.used == sizeof(line.text))
        flush_pending(line);
}

int
vcprintf(const char* fmt, va_list ap)
{
    ConsoleLockGuard guard;
    FormatContext format{guard.nested(), 0};
    vprintfmt(buffer_putch, &format, fmt, ap);
    return format.count;
}

void
console_write(const char* s, size_t len)
{
    ConsoleLockGuard guard;
    flush_pending(pending[cpunum()]);
    write_to_devices(s, len);
}

void
console_flush()
{
    ConsoleLockGuard guard;
    flush_pending(pending[cpunum()]);
}
