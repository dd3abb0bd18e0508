# Running FlexJOS under QEMU and Bochs, and debugging it with gdb.

IMAGE := $(OBJDIR)/kern/kernel.img
FS_IMAGE := $(OBJDIR)/fs/fs.img

# Flags every QEMU run shares (the grade harness reads them with `make print-qemuopts`):
# the boot disk and the file system disk (lab 5),
# no network boot ROM (it slows the firmware), no reboot on a triple fault (the
# run ends instead of looping), CPUs as separate sockets so the MP table lists them all.
QEMU_BASEOPTS = -drive file=$(IMAGE),index=0,media=disk,format=raw \
	-drive file=$(FS_IMAGE),index=1,media=disk,format=raw \
	-m $(MEMORY) -net none -no-reboot -smp $(CPUS),sockets=$(CPUS)

# The boot argument names the user program to run (from lab 3 on). It travels in
# QEMU's fw_cfg device, so choosing a program never rebuilds the kernel.
# make qemu* boots to the shell (icode -> init -> sh); BOOTARGS= gives the bare
# kernel monitor. FLEXSC=1 and USERTRAP=... (below) add their boot options.
# A program that panics (or hits a breakpoint) in the shell is destroyed with its
# message and the shell prompts again (+usertrap=destroy), rather than the
# machine stopping in the monitor; USERTRAP=monitor gives JOS's behaviour.
BOOTARGS ?= icode
QEMU_BOOTARGS = $(if $(strip $(BOOTARGS)),'-fw_cfg' 'name=opt/flexjos/bootargs$(comma)string=$(SHELL_BOOT_OPTIONS) $(BOOTARGS)')
SHELL_BOOT_OPTIONS = $(if $(FLEXSC),+flexsc )+usertrap=$(or $(USERTRAP),destroy)
comma := ,

QEMUOPTS = $(QEMU_BASEOPTS) $(QEMU_BOOTARGS) -serial mon:stdio $(QEMUEXTRA)
QEMU_NOX = -display none
# Only the *-gdb targets open the gdb port; QEMU waits there for `make gdb`.
QEMU_GDB = -gdb tcp::$(GDBPORT) -S

# Checks made before QEMU starts (conf/qemu-check.sh), so that a clash is
# explained instead of ending in QEMU's terse error: the disks are written
# (no -snapshot), so a second QEMU on them fails on QEMU's image lock; and a
# gdb port already taken. `make grade` boots copies of the images
# (grade/Makefrag), so it runs alongside a make qemu.
CHECK_IMAGES = $(if $(filter -snapshot,$(QEMUEXTRA)),,$(Q)conf/qemu-check.sh images $(abspath $(IMAGE) $(FS_IMAGE)))
CHECK_GDBPORT = $(Q)conf/qemu-check.sh port $(GDBPORT)
# MEMORY too small for the kernel image would hang in the boot loader, silently.
CHECK_MEMORY = $(Q)conf/qemu-check.sh memory '$(MEMORY)' $(OBJDIR)/kern/kernel.sym

qemu: $(IMAGE) $(FS_IMAGE) ensure-qemu
	$(CHECK_MEMORY)
	$(CHECK_IMAGES)
	$(QEMU) $(QEMUOPTS)

qemu-nox: $(IMAGE) $(FS_IMAGE) ensure-qemu
	$(CHECK_MEMORY)
	$(CHECK_IMAGES)
	@echo "*** Use Ctrl-a x to exit qemu"
	$(QEMU) $(QEMU_NOX) $(QEMUOPTS)

qemu-gdb: $(IMAGE) $(FS_IMAGE) ensure-qemu
	$(CHECK_MEMORY)
	$(CHECK_IMAGES)
	$(CHECK_GDBPORT)
	$(FORGET_GDB_PROGRAM)
	@echo "*** Now run 'make gdb' (port $(GDBPORT))." 1>&2
	$(QEMU) $(QEMUOPTS) $(QEMU_GDB)

qemu-nox-gdb: $(IMAGE) $(FS_IMAGE) ensure-qemu
	$(CHECK_MEMORY)
	$(CHECK_IMAGES)
	$(CHECK_GDBPORT)
	$(FORGET_GDB_PROGRAM)
	@echo "*** Now run 'make gdb' (port $(GDBPORT))." 1>&2
	$(QEMU) $(QEMU_NOX) $(QEMUOPTS) $(QEMU_GDB)

# make run-NAME[-nox][-gdb]: boot the kernel running user program NAME.
# (GNU make picks the rule with the shortest stem, so run-x-nox-gdb gets stem x.)
# ARGS="..." gives it arguments; FLEXSC=1 boots it in transparent FlexSC mode
# (boot option +flexsc, kern/boot_command.h): make run-kstats-nox ARGS="primespipe 100".
# USERTRAP=destroy makes a user breakpoint or debug trap destroy the
# environment instead of entering the monitor (+usertrap=destroy; USERTRAP=monitor
# is the default, JOS's): make run-usertrap-nox ARGS=int3 USERTRAP=destroy.
ifneq ($(filter-out destroy monitor,$(USERTRAP)),)
$(error USERTRAP=$(USERTRAP): expected USERTRAP=destroy or USERTRAP=monitor)
endif
BOOT_OPTIONS = $(if $(FLEXSC),+flexsc )$(if $(USERTRAP),+usertrap=$(USERTRAP) )
RUN_BOOTARGS = '-fw_cfg' 'name=opt/flexjos/bootargs,string=$(BOOT_OPTIONS)$*$(if $(ARGS), $(ARGS))'
run-%: BOOTARGS := # the rule passes its own boot argument (QEMU refuses two)

# A run-NAME goal whose NAME is not a program fails here, before anything is
# built or booted, listing the programs; a typo in the suffix (run-hello-nxo)
# lands here too, and gets a hint.
run_goal_program = $(patsubst run-%,%,$(patsubst %-nox,%,$(patsubst %-gdb,%,$(patsubst %-nox-gdb,%,$(1)))))
run_goal_hint = $(firstword $(foreach p,$(USER_PROGS),$(if $(filter $(p)-%,$(1)),$(p))))
RUN_TARGET_FORMS = run-NAME, run-NAME-nox, run-NAME-gdb, run-NAME-nox-gdb
unknown_program = $(if $(call run_goal_hint,$(2)),\
	$(info *** make $(1): no user program '$(2)': for $(call run_goal_hint,$(2)) the targets are $(subst NAME,$(call run_goal_hint,$(2)),$(RUN_TARGET_FORMS))),\
	$(info *** make $(1): no user program '$(2)'; the targets are $(RUN_TARGET_FORMS), NAME one of:)\
	$(info $(sort $(USER_PROGS))))$(error unknown program in $(1))
check_run_goal = $(if $(filter $(call run_goal_program,$(1)),$(USER_PROGS)),,$(call unknown_program,$(1),$(call run_goal_program,$(1))))
$(foreach goal,$(filter run-%,$(MAKECMDGOALS)),$(call check_run_goal,$(goal)))

run-%-nox-gdb: $(IMAGE) $(FS_IMAGE) ensure-qemu
	$(CHECK_MEMORY)
	$(CHECK_IMAGES)
	$(CHECK_GDBPORT)
	$(call REMEMBER_GDB_PROGRAM,$*)
	@echo "*** Now run 'make gdb' (port $(GDBPORT))." 1>&2
	$(QEMU) $(QEMU_NOX) $(QEMUOPTS) $(QEMU_GDB) $(RUN_BOOTARGS)

run-%-gdb: $(IMAGE) $(FS_IMAGE) ensure-qemu
	$(CHECK_MEMORY)
	$(CHECK_IMAGES)
	$(CHECK_GDBPORT)
	$(call REMEMBER_GDB_PROGRAM,$*)
	@echo "*** Now run 'make gdb' (port $(GDBPORT))." 1>&2
	$(QEMU) $(QEMUOPTS) $(QEMU_GDB) $(RUN_BOOTARGS)

run-%-nox: $(IMAGE) $(FS_IMAGE) ensure-qemu
	$(CHECK_MEMORY)
	$(CHECK_IMAGES)
	@echo "*** Use Ctrl-a x to exit qemu"
	$(QEMU) $(QEMU_NOX) $(QEMUOPTS) $(RUN_BOOTARGS)

run-%: $(IMAGE) $(FS_IMAGE) ensure-qemu
	$(CHECK_MEMORY)
	$(CHECK_IMAGES)
	$(QEMU) $(QEMUOPTS) $(RUN_BOOTARGS)

# gdb reads the generated .gdbinit (never an untrusted one from elsewhere: -n).
# Written afresh every time: it names obj/ or obj/sanitize/ (make SANITIZE=1 gdb),
# and the user program the last run-NAME-gdb booted (GDB_PROGRAM_FILE says
# which; make qemu-gdb, the shell, clears it), so `b umain` works at once.
# GDBINIT and GDB_PROGRAM_FILE let tests use private files; GDBFLAGS adds
# gdb options (GDBFLAGS='-batch -ex "b umain" -ex c').
GDBINIT ?= .gdbinit
GDB_PROGRAM_FILE ?= $(OBJDIR)/gdb-program
GDBFLAGS ?=
REMEMBER_GDB_PROGRAM = $(Q)mkdir -p $(dir $(GDB_PROGRAM_FILE)) && echo $(1) >$(GDB_PROGRAM_FILE)
FORGET_GDB_PROGRAM = $(Q)rm -f $(GDB_PROGRAM_FILE)

$(GDBINIT): .gdbinit.tmpl conf/env.mk FORCE
	$(Q)sed -e 's/localhost:1234/localhost:$(GDBPORT)/' -e 's|\bobj/|$(OBJDIR)/|g' $< >$@
	$(Q)if [ -s $(GDB_PROGRAM_FILE) ]; then \
		echo "# The user program run-NAME-gdb booted." >>$@; \
		echo "add-symbol-file $(OBJDIR)/user/$$(cat $(GDB_PROGRAM_FILE))" >>$@; fi

gdb: $(GDBINIT) ensure-gdb
	$(GDB) -n -x $(GDBINIT) $(GDBFLAGS)

# Bochs, the second emulator: boots the same images, to the shell like make qemu
# (BOOTARGS= for the bare monitor). The console (COM1) is this terminal; the boot
# argument travels on a one-sector disk, as Bochs has no fw_cfg (conf/bochs.sh).
# Bochs's debugger starts stopped; conf/bochs.dbgrc continues at once.
# bochs-quit ends only the Bochs that make bochs started here (its recorded pid);
# bochs-break stops it in Bochs's own debugger.
bochs: $(IMAGE) $(FS_IMAGE) ensure-bochs
	$(Q)conf/bochs.sh run $(IMAGE) $(DISK_CYLINDERS) $(FS_IMAGE) $(OBJDIR) '$(strip $(if $(strip $(BOOTARGS)),$(SHELL_BOOT_OPTIONS) $(BOOTARGS)))'

bochs-quit:
	$(Q)conf/bochs.sh quit $(OBJDIR)

bochs-break:
	$(Q)conf/bochs.sh break $(OBJDIR)

print-qemu:
	@echo $(QEMU)

print-qemuopts:
	@echo $(QEMU_BASEOPTS)

print-gdbport:
	@echo $(GDBPORT)

FORCE:

.PHONY: FORCE qemu qemu-nox qemu-gdb qemu-nox-gdb gdb bochs bochs-quit bochs-break print-qemu print-qemuopts print-gdbport
