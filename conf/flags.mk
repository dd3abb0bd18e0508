# Compiler and linker flags for code that runs on the emulated machine.
# The reasons for each flag are in doc/toolchain.md.

# What the compiler says about itself is asked when a recipe first needs it,
# not when make reads this file: on a fresh machine the ensure-build step
# installs the 32-bit toolchain (gcc-multilib) after parsing and before any
# recipe, and an answer read earlier would name the 64-bit libgcc. Each
# variable then keeps its answer (one shell per build, not per file).
GCC_INCLUDE = $(eval GCC_INCLUDE := $$(shell $$(CXX) -m32 -print-file-name=include))$(GCC_INCLUDE)
LIBGCC = $(eval LIBGCC := $$(shell $$(CXX) -m32 -print-libgcc-file-name))$(LIBGCC)

# Flags every target-side C++ and assembly file gets.
BASE_FLAGS = -m32 -march=i686 -ffreestanding -nostdinc -isystem $(GCC_INCLUDE) -I. \
	-fno-pie -fno-stack-protector -fno-omit-frame-pointer -fno-strict-aliasing \
	-mno-sse -mno-sse2 -mno-mmx -mno-80387 -fno-asynchronous-unwind-tables \
	-MMD -MP

CXXFLAGS_TARGET = $(BASE_FLAGS) -std=c++20 -O1 -g \
	-fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit \
	-fno-tree-loop-distribute-patterns \
	-Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast -Wcast-qual -Wnon-virtual-dtor \
	-Wmissing-declarations -Werror

ASFLAGS_TARGET = $(BASE_FLAGS) -g -D__ASSEMBLER__

LDFLAGS_TARGET := -m elf_i386 -nostdlib -static --build-id=none -z noexecstack --no-warn-rwx-segments
