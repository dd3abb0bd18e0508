// The open-file table. Slot i's Fd page sits at OPENFILE_FD_VA + i * PGSIZE
// and is shared with every client holding the file open, so the page's
// reference count tells whether anyone still does: the slot is free when the
// server's own mapping is the only one left. No close request is needed, and
// a client that dies closes its files by having its pages unmapped.

#include "fs.h"

static_assert(OPENFILE_FD_VA + MAXOPEN * PGSIZE <= USTACKTOP - PGSIZE);

static OpenFile opentab[MAXOPEN];

static Fd*
slot_fd(uint32_t slot)
{
    return reinterpret_cast<Fd*>(OPENFILE_FD_VA + slot * PGSIZE);
}

// How many mappings the page at va has, in all environments (0: not mapped here).
static uint32_t
page_refs(const void* va)
{
    uintptr_t a = reinterpret_cast<uintptr_t>(va);
    if (!(uvpd[PDX(a)] & PTE_P))
        return 0;
    pte_t pte = uvpt[PGNUM(a)];
    if (!(pte & PTE_P))
        return 0;
    return pages[PGNUM(PTE_ADDR(pte))].pp_ref;
}

Result<OpenFile*>
openfile_alloc()
{
    for (uint32_t i = 0; i < MAXOPEN; i++) {
        OpenFile* o = &opentab[i];
        uint32_t refs = page_refs(slot_fd(i));
        if (refs == 0) {
            // First use of the slot: the server's own mapping of its Fd page.
            int r = sys_page_alloc(0, slot_fd(i), PTE_P | PTE_U | PTE_W);
            if (r < 0)
                return Error::no_mem;
            o->o_fileid = static_cast<int32_t>(i);
        } else if (refs == 1) {
            // A new id, so requests naming the slot's previous file fail.
            if (o->o_fileid > INT32_MAX - MAXOPEN)
                o->o_fileid = static_cast<int32_t>(i);
            else
                o->o_fileid += MAXOPEN;
            memset(slot_fd(i), 0, PGSIZE);
        } else {
            continue;
        }
        o->o_fd = slot_fd(i);
        o->o_file = nullptr;
        o->o_mode = 0;
        return o;
    }
    return Error::max_open;
}

Result<OpenFile*>
openfile_lookup(int32_t fileid)
{
    if (fileid < 0)
        return Error::inval;
    OpenFile* o = &opentab[fileid % MAXOPEN];
    if (o->o_fileid != fileid || o->o_file == nullptr || page_refs(o->o_fd) <= 1)
        return Error::inval;
    return o;
}

bool
openfile_is_open(const File* f)
{
    for (uint32_t i = 0; i < MAXOPEN; i++) {
        if (opentab[i].o_file == f && page_refs(slot_fd(i)) > 1)
            return true;
    }
    return false;
}
