// Switching between user-level threads (lib/uthread.cpp).
//
// void uthread_switch(uint32_t* save_sp, uint32_t next_sp)
// Saves the callee-saved registers on the current stack, stores the stack
// pointer in *save_sp, then loads next_sp and restores the registers saved
// there. The caller-saved ones (eax, ecx, edx) are free to lose: the compiler
// assumes any call clobbers them. A new thread's stack is prepared to look like
// it was saved here, with its start function as the return address.

.text
.globl uthread_switch
uthread_switch:
    movl    4(%esp), %eax
    movl    8(%esp), %edx
    pushl   %ebp
    pushl   %ebx
    pushl   %esi
    pushl   %edi
    movl    %esp, (%eax)
    movl    %edx, %esp
    popl    %edi
    popl    %esi
    popl    %ebx
    popl    %ebp
    ret

.section .note.GNU-stack, "", @progbits
