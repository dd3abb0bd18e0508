// Line input with echo and backspace, used by the kernel monitor and the shell.

#include <inc/error.h>
#include <inc/stdio.h>

static constexpr int LINE_MAX = 1024;
static char line_buffer[LINE_MAX];

static bool
is_erase(int c)
{
    return c == '\b' || c == 0x7f; // backspace from a PC keyboard, DEL from a serial terminal
}

char*
readline(const char* prompt)
{
    if (prompt != nullptr)
        cprintf("%s", prompt);

    bool echo = iscons(0);
    int len = 0;
    for (;;) {
        int c = getchar();
        if (c < 0) {
            if (c != to_int(Error::eof))
                cprintf("read error: %e\n", c);
            return nullptr;
        }
        if (is_erase(c)) {
            if (len > 0) {
                len--;
                if (echo) {
                    cputchar('\b');
                    cputchar(' ');
                    cputchar('\b');
                }
            }
        } else if (c == '\n' || c == '\r') {
            if (echo)
                cputchar('\n');
            line_buffer[len] = '\0';
            return line_buffer;
        } else if (c >= ' ' && len < LINE_MAX - 1) {
            if (echo)
                cputchar(c);
            line_buffer[len++] = static_cast<char>(c);
        }
    }
}
