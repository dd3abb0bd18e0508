// Checks that the kernel maps BSS zeroed and exactly as large as the program
// asked, by writing just past its end.

#include <inc/lib.h>

static constexpr uint32_t ARRAYSIZE = 1024 * 1024;
static uint32_t bigarray[ARRAYSIZE];
extern "C" char end[]; // the end of the program's memory (user/user.ld)

void
umain(int, char**)
{
    cprintf("Making sure bss works right...\n");
    for (uint32_t i = 0; i < ARRAYSIZE; i++) {
        if (bigarray[i] != 0)
            panic("bigarray[%u] isn't cleared!\n", i);
    }
    for (uint32_t i = 0; i < ARRAYSIZE; i++)
        bigarray[i] = i;
    for (uint32_t i = 0; i < ARRAYSIZE; i++) {
        if (bigarray[i] != i)
            panic("bigarray[%u] didn't hold its value!\n", i);
    }
    cprintf("Yes, good.  Now doing a wild write off the end...\n");
    // Just past the program's memory (the library's own variables may follow
    // bigarray, so aim past all of it): that page is not mapped.
    volatile uint32_t* past_end = reinterpret_cast<volatile uint32_t*>(
        round_up(reinterpret_cast<uintptr_t>(end), PGSIZE) + 0x20);
    *past_end = 0;
    panic("SHOULD HAVE TRAPPED!!!");
}
