// The page-fault upcall. The kernel enters here on the user exception stack,
// with esp pointing at a UTrapframe (inc/trap.h):
//
//    fault_va   <- esp
//    err
//    8 registers (pushal order)
//    eip        <- 40(%esp)
//    eflags     <- 44(%esp)
//    esp        <- 48(%esp): the stack to return to
//
// After the handler, every register must be as it was at the fault, so the
// return cannot use one to hold an address. Instead, eip is stored on the
// trap-time stack just below its top, that stack's saved esp is lowered by a
// word, and a final `ret` pops eip from it. (On a recursive fault the kernel
// left that word free above the new UTrapframe.)

.text
.globl _pgfault_upcall
_pgfault_upcall:
    pushl   %esp                    // the UTrapframe* argument
    movl    _pgfault_handler, %eax
    call    *%eax
    addl    $4, %esp

    movl    48(%esp), %eax          // trap-time esp
    subl    $4, %eax
    movl    %eax, 48(%esp)
    movl    40(%esp), %ebx          // trap-time eip
    movl    %ebx, (%eax)

    addl    $8, %esp                // fault_va, err
    popal
    addl    $4, %esp                // eip (already on the trap-time stack)
    popfl                           // no arithmetic after this: it would change the flags
    popl    %esp
    ret

.section .note.GNU-stack, "", @progbits
