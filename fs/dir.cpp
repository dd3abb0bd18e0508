// Directories and paths. A directory is a file holding an array of File
// entries, f_size / sizeof(File) of them (BLKFILES to a block, none straddling
// two); an entry whose name is empty is unused.

#include "fs.h"

static_assert(BLKSIZE % sizeof(File) == 0);

static uint32_t
dir_entries(const File* dir)
{
    return dir->f_size / sizeof(File);
}

// Entry i of the directory, or nullptr if its block is a hole or unusable
// (then the entries in the directory's other blocks can still be found).
static File*
dir_entry(File* dir, uint32_t i)
{
    Result<char*> block = file_peek_block(dir, i / BLKFILES);
    if (!block.ok() || block.value() == nullptr)
        return nullptr;
    return &reinterpret_cast<File*>(block.value())[i % BLKFILES];
}

// The entry called name (shorter than MAXNAMELEN) in dir. Errors: not_found.
static Result<File*>
dir_lookup(File* dir, const char* name)
{
    for (uint32_t i = 0; i < dir_entries(dir); i++) {
        File* f = dir_entry(dir, i);
        // strncmp: a name on disk that fills f_name has no terminator.
        if (f != nullptr && f->f_name[0] != '\0' && strncmp(f->f_name, name, MAXNAMELEN) == 0)
            return f;
    }
    return Error::not_found;
}

// An unused entry in dir, which grows by one entry (and, every BLKFILES
// entries, by a zeroed block) if all are taken. The caller fills it in.
// Errors: no_disk, inval (the directory is as large as a file can be).
static Result<File*>
dir_alloc_file(File* dir)
{
    uint32_t n = dir_entries(dir);
    for (uint32_t i = 0; i < n; i++) {
        File* f = dir_entry(dir, i);
        if (f != nullptr && f->f_name[0] == '\0')
            return f;
    }
    Result<char*> block = file_get_block(dir, n / BLKFILES);
    if (!block.ok())
        return block.error();
    dir->f_size = (n + 1) * sizeof(File);
    return &reinterpret_cast<File*>(block.value())[n % BLKFILES];
}

// Where a path leads. When only the last component is missing, dir is its
// directory and last its name, so the caller can create it.
struct PathWalk {
    File* dir;             // the directory holding the file (nullptr for the root)
    File* file;            // the file, nullptr if it was not found
    char last[MAXNAMELEN]; // the last component ("" for the root)
};

bool
valid_name(const char* name, size_t len)
{
    if (len == 0 || len >= MAXNAMELEN)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (name[i] == '/' || name[i] == '\0')
            return false;
    }
    // JOS paths have no "." or "..", so such an entry could never be named.
    return !(name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')));
}

// Errors: not_found (then walk.file is nullptr), bad_path (a component too
// long, "." or ".."), inval (a directory on the way fails file_check).
// A component followed by '/' must be a directory ("/motd/" is not found).
static Error
walk_path(const char* path, PathWalk& walk)
{
    walk.dir = nullptr;
    walk.file = &super->s_root;
    walk.last[0] = '\0';
    while (*path == '/')
        path++;
    while (*path != '\0') {
        const char* name = path;
        while (*path != '/' && *path != '\0')
            path++;
        size_t len = path - name;
        if (!valid_name(name, len))
            return Error::bad_path;
        bool slash = *path == '/';
        while (*path == '/')
            path++;

        File* dir = walk.file;
        walk.dir = dir;
        walk.file = nullptr;
        memcpy(walk.last, name, len);
        walk.last[len] = '\0';
        if (dir->f_type != FTYPE_DIR)
            return Error::not_found;
        if (file_check(dir) != Error::ok)
            return Error::inval;
        Result<File*> next = dir_lookup(dir, walk.last);
        if (!next.ok()) {
            // Only a missing last component leaves the walk usable for creation.
            if (slash)
                walk.dir = nullptr;
            return next.error();
        }
        walk.file = next.value();
        if (slash && walk.file->f_type != FTYPE_DIR) {
            walk.dir = nullptr;
            walk.file = nullptr;
            return Error::not_found;
        }
    }
    return Error::ok;
}

Result<File*>
file_open(const char* path)
{
    PathWalk walk;
    Error r = walk_path(path, walk);
    if (r != Error::ok)
        return r;
    if (file_check(walk.file) != Error::ok)
        return Error::inval;
    return walk.file;
}

Result<File*>
file_create(const char* path, uint32_t type)
{
    PathWalk walk;
    Error r = walk_path(path, walk);
    if (r == Error::ok)
        return Error::file_exists;
    if (r != Error::not_found || walk.dir == nullptr || walk.dir->f_type != FTYPE_DIR)
        return r;
    Result<File*> f = dir_alloc_file(walk.dir);
    if (!f.ok())
        return f.error();
    // The entry may have belonged to a removed file: start it from nothing.
    memset(f.value(), 0, sizeof(File));
    strcpy(f.value()->f_name, walk.last);
    f.value()->f_type = type;
    file_flush(walk.dir);
    return f.value();
}

// Whether a directory has no entries in use.
static bool
dir_is_empty(File* dir)
{
    for (uint32_t i = 0; i < dir_entries(dir); i++) {
        File* f = dir_entry(dir, i);
        if (f != nullptr && f->f_name[0] != '\0')
            return false;
    }
    return true;
}

Error
file_remove(const char* path)
{
    PathWalk walk;
    Error r = walk_path(path, walk);
    if (r != Error::ok)
        return r;
    File* f = walk.file;
    if (walk.dir == nullptr)
        return Error::inval; // the root
    // A regular file with a bad size may go (freeing stops at the last
    // possible block); a directory must be checked before it is searched.
    if (f->f_type == FTYPE_DIR && (file_check(f) != Error::ok || !dir_is_empty(f)))
        return Error::inval;
    r = file_set_size(f, 0);
    if (r != Error::ok)
        return r;
    // An empty name marks the entry unused (dir_alloc_file may hand it out).
    f->f_name[0] = '\0';
    flush_block(f);
    return Error::ok;
}
