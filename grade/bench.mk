# make bench: boots the benchmark programs one after another and reports what a
# system call costs on each path (doc/bench.md). Figures land in $(OBJDIR)/bench.
# make bench BENCH_QUICK=1 makes fewer calls; BENCH_REPS=N runs every boot N times.

bench: grade-images ensure-grade
	$(Q)cd grade && $(GRADE_QEMU_ENV) \
		$(PYTHON) bench.py --out ../$(OBJDIR)/bench $(if $(BENCH_QUICK),--quick) \
		$(if $(BENCH_REPS),--reps $(BENCH_REPS))

.PHONY: bench
