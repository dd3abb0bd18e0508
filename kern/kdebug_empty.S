// Empty kdebug tables for the kernel's first link (see kern/Makefrag).
.section .kdebug, "a"
.p2align 2
.globl kdebug_functions, kdebug_function_count, kdebug_lines, kdebug_line_count
.globl kdebug_files, kdebug_strings
kdebug_functions:
kdebug_lines:
kdebug_files:
kdebug_function_count:
kdebug_line_count:
    .long 0
kdebug_strings:
    .byte 0
.section .note.GNU-stack, "", @progbits
