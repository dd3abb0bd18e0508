# Compiler and linker flags for code that runs on the emulated machine.
# The reasons for each flag are in doc/toolchain.md.

GCC_INCLUDE := $(shell $(CXX) -m32 -print-file-name=include)

# Flags every target-side C++ and assembly file gets.
BASE_FLAGS := -m32 -march=i686 -ffreestanding -nostdinc -isystem $(GCC_INCLUDE) -I. \
	-fno-pie -fno-stack-protector -fno-omit-frame-pointer -fno-strict-aliasing \
	-mno-sse -mno-sse2 -mno-mmx -mno-80387 -fno-asynchronous-unwind-tables \
	-MMD -MP

CXXFLAGS_TARGET := $(BASE_FLAGS) -std=c++20 -O1 -g \
	-fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit \
	-fno-tree-loop-distribute-patterns \
	-Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast -Wcast-qual -Wnon-virtual-dtor \
	-Wmissing-declarations -Werror

ASFLAGS_TARGET := $(BASE_FLAGS) -g -D__ASSEMBLER__

LDFLAGS_TARGET := -m elf_i386 -nostdlib -static --build-id=none -z noexecstack --no-warn-rwx-segments
LIBGCC := $(shell $(CXX) -m32 -print-libgcc-file-name)
