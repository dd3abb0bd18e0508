# Compiler and linker flags for code that runs on the emulated machine.
# The reasons for each flag are in doc/toolchain.md.

# What the compiler says about itself is asked when a recipe first needs it,
# not when make reads this file: on a fresh machine the ensure-build step
# installs the 32-bit toolchain (gcc-multilib) after parsing and before any
# recipe, and an answer read earlier would name the 64-bit libgcc. Each
# variable then keeps its answer (one shell per build, not per file).
GCC_INCLUDE = $(eval GCC_INCLUDE := $$(shell $$(CXX) -m32 -print-file-name=include))$(GCC_INCLUDE)
LIBGCC = $(eval LIBGCC := $$(shell $$(CXX) -m32 -print-libgcc-file-name))$(LIBGCC)

# make SANITIZE=1: undefined-behaviour checks and a stack protector in the kernel,
# the library OS, the file server and the user programs (not the boot sector,
# which must fit in 510 bytes). The build goes to obj/sanitize/ (GNUmakefile) so
# it never mixes with the normal build. doc/toolchain.md explains the choices.
SANITIZE ?=
ifeq ($(filter-out 0 1,$(SANITIZE)),)
SANITIZE_ON := $(filter 1,$(SANITIZE))
else
$(error SANITIZE=$(SANITIZE): use SANITIZE=1 for the sanitized build (obj/sanitize/), SANITIZE=0 or nothing for the normal one)
endif

ifeq ($(SANITIZE_ON),1)
SANITIZE_FLAGS := -fsanitize=undefined
# The canary is a global (__stack_chk_guard), not %gs:0x14: %gs is a user data
# segment here. Set at boot (kern/stack_guard.cpp) and in libmain.
STACK_PROTECTOR_FLAGS := -fstack-protector-strong -mstack-protector-guard=global
else
SANITIZE_FLAGS :=
STACK_PROTECTOR_FLAGS := -fno-stack-protector
endif
# For code that must not be checked: the boot sector (510 bytes), and the
# sanitizer runtime itself (a check failing inside it would recurse).
UNSANITIZED_FLAGS := -fno-sanitize=all -fno-stack-protector

# Flags every target-side C++ and assembly file gets.
BASE_FLAGS = -m32 -march=i686 -ffreestanding -nostdinc -isystem $(GCC_INCLUDE) -I. \
	-fno-pie -fno-omit-frame-pointer -fno-strict-aliasing \
	-mno-sse -mno-sse2 -mno-mmx -mno-80387 -fno-asynchronous-unwind-tables \
	-MMD -MP $(STACK_PROTECTOR_FLAGS)

CXXFLAGS_TARGET = $(BASE_FLAGS) -std=c++20 -O1 -g \
	-fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit \
	-fno-tree-loop-distribute-patterns \
	-Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast -Wcast-qual -Wnon-virtual-dtor \
	-Wmissing-declarations -Werror $(SANITIZE_FLAGS)

# User space (the library OS, the programs and the servers): every function and
# variable in a section of its own, and the link keeps only those a program
# reaches. Every program is embedded in the kernel and copied to the fs disk,
# so its size is paid at every boot (doc/toolchain.md).
USER_CXXFLAGS = $(CXXFLAGS_TARGET) -ffunction-sections -fdata-sections
USER_LDFLAGS = $(LDFLAGS_TARGET) --gc-sections -T user/user.ld

ASFLAGS_TARGET = $(BASE_FLAGS) -g -D__ASSEMBLER__

LDFLAGS_TARGET := -m elf_i386 -nostdlib -static --build-id=none -z noexecstack --no-warn-rwx-segments
