// User program entry. The kernel starts a program at _start with esp at
// USTACKTOP (no arguments); spawn (lab 5) starts it with argc and argv already
// pushed. Also defines where the read-only kernel structures appear.

#include <inc/memlayout.h>

.data
.globl envs
    .set envs, UENVS
.globl pages
    .set pages, UPAGES
.globl uvpt
    .set uvpt, UVPT
.globl uvpd
    .set uvpd, (UVPT + (UVPT >> 12) * 4)

.text
.globl _start
_start:
    // With no arguments on the stack, push argc = 0 and argv = NULL.
    cmpl    $USTACKTOP, %esp
    jne     args_exist
    pushl   $0
    pushl   $0
args_exist:
    call    libmain
1:  jmp     1b

.section .note.GNU-stack, "", @progbits
