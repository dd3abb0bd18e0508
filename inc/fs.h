// The on-disk file system format (JOS's): shared by the file server (fs/),
// the image formatter (fs/fsformat.cpp, built for the host) and the library.
//
// The disk is an array of BLKSIZE blocks:
//   block 0: boot sector and partition table (unused)
//   block 1: the superblock
//   block 2..: the free-block bitmap, one bit per block, 1 = free
//   then file data and directory blocks.
// A directory is a file whose data blocks hold File structs.
#pragma once

#include <stdint.h>

#define BLKSIZE 4096
#define BLKBITSIZE (BLKSIZE * 8)

#define MAXNAMELEN 128  // bytes in a file name, the NUL included
#define MAXPATHLEN 1024 // bytes in a path, the NUL included

#define NDIRECT 10              // direct block pointers in a File
#define NINDIRECT (BLKSIZE / 4) // pointers in an indirect block
#define MAXFILESIZE ((NDIRECT + NINDIRECT) * BLKSIZE)

#define FTYPE_REG 0 // regular file
#define FTYPE_DIR 1 // directory

#define FS_MAGIC 0x4A0530AE

struct File {
    char f_name[MAXNAMELEN];    // file name, NUL terminated
    int32_t f_size;             // size in bytes
    uint32_t f_type;            // FTYPE_REG or FTYPE_DIR
    uint32_t f_direct[NDIRECT]; // block numbers of the first NDIRECT blocks (0: none)
    uint32_t f_indirect;        // block number of the indirect block (0: none)
    uint8_t f_pad[256 - MAXNAMELEN - 8 - 4 * NDIRECT - 4];
};
static_assert(sizeof(File) == 256, "File must be 256 bytes: BLKFILES per directory block");
static_assert(__builtin_offsetof(File, f_size) == 128);
static_assert(__builtin_offsetof(File, f_direct) == 136);
static_assert(__builtin_offsetof(File, f_indirect) == 176);

#define BLKFILES (BLKSIZE / sizeof(File))

struct Super {
    uint32_t s_magic;   // FS_MAGIC
    uint32_t s_nblocks; // blocks on the disk
    File s_root;        // the root directory
};
static_assert(sizeof(Super) == 8 + 256);
