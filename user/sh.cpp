// sh: the shell. Reads command lines from standard input (or a script file)
// and runs them: words and "quoted words", `<` and `>` redirections, `|`
// pipelines, `&` (do not wait) and `;` (one command after another).
//
//   sh [-x] [-i] [script]   -x: print each command line before running it
//                           -i: interactive (prompt), even if input is not the console

#include <inc/lib.h>

static bool trace;
static constexpr int MAXARGS = 16;

// --- Tokens ---------------------------------------------------------------

// A token: a word (kind 'w'), a special character (< > | & ;), or end (0).
struct Token {
    char kind;
    char* word;
};

static bool
is_special(char c)
{
    return c == '<' || c == '>' || c == '|' || c == '&' || c == ';';
}

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Words are copied here (quotes removed), so the line itself stays intact.
static char word_arena[1024];
static size_t arena_used;

// Splits the next token off *s.
static Token
next_token(const char** s)
{
    const char* p = *s;
    while (is_blank(*p))
        p++;
    if (*p == '\0') {
        *s = p;
        return {0, nullptr};
    }
    if (is_special(*p)) {
        *s = p + 1;
        return {*p, nullptr};
    }
    // A word: runs of plain characters and "quoted" text, joined.
    char* word = word_arena + arena_used;
    char* out = word;
    char* limit = word_arena + sizeof(word_arena) - 1;
    while (*p != '\0' && !is_blank(*p) && !is_special(*p)) {
        if (*p == '"') {
            for (p++; *p != '\0' && *p != '"'; p++) {
                if (out < limit)
                    *out++ = *p;
            }
            if (*p == '"')
                p++;
        } else if (out < limit) {
            *out++ = *p++;
        } else {
            p++;
        }
    }
    *out = '\0';
    arena_used = (out + 1) - word_arena;
    *s = p;
    return {'w', word};
}

// --- Running a command ----------------------------------------------------

// Makes fd `target` refer to the file opened with mode, or returns false.
static bool
redirect(const char* path, int mode, int target)
{
    int fd = open(path, mode);
    if (fd < 0) {
        cprintf("sh: open %s: %e\n", path, fd);
        return false;
    }
    if (fd != target) {
        dup(fd, target);
        close(fd);
    }
    return true;
}

// Runs the command line in s. Called in a child of the shell, which exits
// when it is done: redirections change this process's descriptors only.
[[noreturn]] static void
run_command_line(const char* s)
{
    arena_used = 0;
    const char* argv[MAXARGS + 1];
    int argc = 0;
    envid_t pipe_child = 0;
    bool background = false;
    // Keep the shell's own input and output, to undo redirections at a ';'.
    constexpr int SAVED_IN = MAXFD - 2, SAVED_OUT = MAXFD - 1;
    dup(0, SAVED_IN);
    dup(1, SAVED_OUT);

    for (;;) {
        Token t = next_token(&s);
        if (t.kind == 'w') {
            if (argc == MAXARGS) {
                cprintf("sh: too many arguments\n");
                exit();
            }
            argv[argc++] = t.word;
            continue;
        }
        if (t.kind == '<' || t.kind == '>') {
            Token file = next_token(&s);
            if (file.kind != 'w') {
                cprintf("sh: syntax error: %c not followed by a word\n", t.kind);
                exit();
            }
            int mode = t.kind == '<' ? O_RDONLY : O_WRONLY | O_CREAT | O_TRUNC;
            if (!redirect(file.word, mode, t.kind == '<' ? 0 : 1))
                exit();
            continue;
        }
        if (t.kind == '|') {
            int p[2];
            int r = pipe(p);
            if (r < 0) {
                cprintf("sh: pipe: %e\n", r);
                exit();
            }
            envid_t right = fork();
            if (right < 0) {
                cprintf("sh: fork: %e\n", right);
                exit();
            }
            if (right == 0) {
                // The right-hand side: read the pipe, parse the rest of the line.
                dup(p[0], 0);
                close(p[0]);
                close(p[1]);
                argc = 0;
                continue;
            }
            // The left-hand side: this command, writing into the pipe.
            pipe_child = right;
            dup(p[1], 1);
            close(p[0]);
            close(p[1]);
            break;
        }
        if (t.kind == '&')
            background = true;
        if (t.kind == ';') {
            // Run what we have, wait, then the rest of the line in this process.
            envid_t first = fork();
            if (first == 0)
                break;
            if (first > 0)
                wait(first);
            dup(SAVED_IN, 0);
            dup(SAVED_OUT, 1);
            argc = 0;
            continue;
        }
        break; // end of line, or '&'
    }

    argv[argc] = nullptr;
    close(SAVED_IN);
    close(SAVED_OUT);
    if (argc > 0) {
        envid_t child = spawn(argv[0], argv);
        if (child < 0)
            cprintf("sh: spawn %s: %e\n", argv[0], child);
        // Our copies of the descriptors would keep pipes open: close them first.
        close_all();
        if (child >= 0 && !background)
            wait(child);
    }
    close_all();
    if (pipe_child != 0)
        wait(pipe_child);
    exit();
}

void
umain(int argc, char** argv)
{
    bool interactive_flag = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        for (const char* f = argv[i] + 1; *f != '\0'; f++) {
            if (*f == 'x')
                trace = true;
            else if (*f == 'i')
                interactive_flag = true;
            else
                panic("usage: sh [-x] [-i] [script]");
        }
    }
    if (i < argc) {
        close(0);
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0)
            panic("sh: open %s: %e", argv[i], fd);
        if (fd != 0)
            panic("sh: script opened as fd %d, not 0", fd);
    }
    bool interactive = interactive_flag || (i == argc && iscons(0));

    for (;;) {
        char* line = readline(interactive ? "$ " : nullptr);
        if (line == nullptr)
            exit(); // end of input
        if (line[0] == '#' || line[0] == '\0')
            continue;
        // Traced once per line, before anything runs, so the trace comes out in order.
        if (trace)
            printf("# %s\n", line);
        envid_t child = fork();
        if (child < 0) {
            cprintf("sh: fork: %e\n", child);
            continue;
        }
        if (child == 0)
            run_command_line(line);
        wait(child);
    }
}
