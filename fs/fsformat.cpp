// fsformat: builds a FlexJOS file system image on the host (inc/fs.h's format).
//
//   fsformat IMAGE NBLOCKS FILE[=NAME]...
//
// Every FILE goes into the root directory, as NAME or under its base name.
// The image is built in memory and written only if everything fit, so a
// failed run leaves no half-made image behind.

#include <inc/fs.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

[[noreturn]] void
fail(const std::string& message)
{
    std::fprintf(stderr, "fsformat: %s\n", message.c_str());
    std::exit(1);
}

class Image {
public:
    explicit Image(uint32_t nblocks)
        : m_blocks(static_cast<size_t>(nblocks) * BLKSIZE), m_nblocks(nblocks)
    {
        uint32_t bitmap_blocks = (nblocks + BLKBITSIZE - 1) / BLKBITSIZE;
        m_next_free = 2 + bitmap_blocks;
        if (m_next_free + 1 > nblocks)
            fail("image too small: " + std::to_string(nblocks) +
                 " blocks cannot hold the superblock, bitmap and root");
        Super* super = superblock();
        super->s_magic = FS_MAGIC;
        super->s_nblocks = nblocks;
        std::strcpy(super->s_root.f_name, "/");
        super->s_root.f_type = FTYPE_DIR;
    }

    // Adds a regular file with the given contents to the root directory.
    void add_file(const std::string& name, const std::vector<uint8_t>& data)
    {
        if (name.empty() || name.size() >= MAXNAMELEN || name.find('/') != std::string::npos)
            fail("bad file name '" + name + "' (1 to " + std::to_string(MAXNAMELEN - 1) +
                 " characters, no '/')");
        if (data.size() > MAXFILESIZE)
            fail("'" + name + "' is " + std::to_string(data.size()) +
                 " bytes, more than the largest file (" + std::to_string(MAXFILESIZE) + ")");
        for (const std::string& existing : m_names) {
            if (existing == name)
                fail("two files named '" + name + "'");
        }
        m_names.push_back(name);
        File* f = new_dir_entry();
        std::strcpy(f->f_name, name.c_str());
        f->f_type = FTYPE_REG;
        f->f_size = static_cast<int32_t>(data.size());
        write_contents(f, data.data(), data.size());
    }

    // Writes the image; called once everything fit.
    void save(const char* path)
    {
        Super* super = superblock();
        write_contents(&super->s_root, m_root_data.data(), m_root_data.size());
        super->s_root.f_size = static_cast<int32_t>(m_root_data.size());
        write_bitmap();
        FILE* out = std::fopen(path, "wb");
        if (out == nullptr)
            fail(std::string("cannot create '") + path + "': " + std::strerror(errno));
        bool ok = std::fwrite(m_blocks.data(), 1, m_blocks.size(), out) == m_blocks.size();
        ok = std::fclose(out) == 0 && ok;
        if (!ok) {
            std::remove(path);
            fail(std::string("cannot write '") + path + "'");
        }
    }

private:
    Super* superblock() { return reinterpret_cast<Super*>(block(1)); }
    uint8_t* block(uint32_t b) { return &m_blocks[static_cast<size_t>(b) * BLKSIZE]; }

    uint32_t alloc_block()
    {
        if (m_next_free >= m_nblocks)
            fail("image too small: " + std::to_string(m_nblocks) +
                 " blocks are not enough for these files");
        return m_next_free++;
    }

    // Root directory entries are collected here and written as the root's data at the end.
    File* new_dir_entry()
    {
        m_root_data.resize(m_root_data.size() + sizeof(File));
        return reinterpret_cast<File*>(&m_root_data[m_root_data.size() - sizeof(File)]);
    }

    void write_contents(File* f, const uint8_t* data, size_t size)
    {
        uint32_t nblocks = static_cast<uint32_t>((size + BLKSIZE - 1) / BLKSIZE);
        uint32_t* indirect = nullptr;
        for (uint32_t i = 0; i < nblocks; i++) {
            uint32_t b = alloc_block();
            size_t n =
                std::min(static_cast<size_t>(BLKSIZE), size - static_cast<size_t>(i) * BLKSIZE);
            std::memcpy(block(b), data + static_cast<size_t>(i) * BLKSIZE, n);
            if (i < NDIRECT) {
                f->f_direct[i] = b;
                continue;
            }
            if (indirect == nullptr) {
                f->f_indirect = alloc_block();
                indirect = reinterpret_cast<uint32_t*>(block(f->f_indirect));
            }
            indirect[i - NDIRECT] = b;
        }
    }

    void write_bitmap()
    {
        uint8_t* bitmap = block(2);
        for (uint32_t b = m_next_free; b < m_nblocks; b++)
            bitmap[b / 8] |= static_cast<uint8_t>(1u << (b % 8)); // 1 = free
    }

    std::vector<uint8_t> m_blocks;
    uint32_t m_nblocks;
    uint32_t m_next_free;
    std::vector<uint8_t> m_root_data;
    std::vector<std::string> m_names;
};

std::vector<uint8_t>
read_file(const std::string& path)
{
    FILE* in = std::fopen(path.c_str(), "rb");
    if (in == nullptr)
        fail("cannot read '" + path + "': " + std::strerror(errno));
    std::vector<uint8_t> data;
    uint8_t buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), in)) > 0)
        data.insert(data.end(), buf, buf + n);
    bool error = std::ferror(in);
    std::fclose(in);
    if (error)
        fail("error reading '" + path + "'");
    return data;
}

} // namespace

int
main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: fsformat IMAGE NBLOCKS FILE[=NAME]...\n");
        return 2;
    }
    char* end;
    unsigned long nblocks = std::strtoul(argv[2], &end, 0);
    if (*end != '\0' || nblocks < 4 || nblocks > 0xC0000000u / BLKSIZE)
        fail(std::string("bad block count '") + argv[2] + "'");
    Image image(static_cast<uint32_t>(nblocks));
    for (int i = 3; i < argc; i++) {
        std::string arg = argv[i];
        size_t eq = arg.find('=');
        std::string path = eq == std::string::npos ? arg : arg.substr(0, eq);
        std::string name =
            eq == std::string::npos ? path.substr(path.rfind('/') + 1) : arg.substr(eq + 1);
        image.add_file(name, read_file(path));
    }
    image.save(argv[1]);
    return 0;
}
