# Course tools (doc/labs.md), staff only: not in the handouts.
# make check-markers              the solution markers obey their rules
# make handout LAB=K [DEST=dir]   the lab-K student tree (LAB=flexsc is 7): a git repository and a tarball
# make check-handouts [LAB=K]     every handout (or K's): builds, earlier labs pass, lab K fails
# make check-handouts-quick       the CI version: warm builds, a few tests each

check-markers:
	$(Q)$(PYTHON) conf/markers.py check

handout: check-markers
	$(Q)$(if $(LAB),,echo "make handout LAB=K [DEST=dir]" >&2; exit 2;) \
	$(PYTHON) conf/handout.py $(LAB) $(DEST)

# Both run grade/test_handouts.py (pytest's `handouts` marker, which make grade
# leaves out: too long for it).
check-handouts: all check-markers
	$(Q)$(PYTHON) conf/check_handouts.py $(LAB)

check-handouts-quick: all check-markers
	$(Q)$(PYTHON) conf/check_handouts.py --quick $(LAB)

.PHONY: check-markers handout check-handouts check-handouts-quick

# make autograder LAB=K            obj/autograder/labK.zip for Gradescope (doc/labs.md)
# make check-autograder LAB=K      runs it on the lab-K handout (fails) and the lab-K+1 one (passes)
autograder:
	$(Q)$(if $(LAB),,echo "make autograder LAB=K" >&2; exit 2;) \
	$(PYTHON) conf/autograder/bundle.py $(LAB)

check-autograder: all check-markers
	$(Q)$(if $(LAB),,echo "make check-autograder LAB=K" >&2; exit 2;) \
	$(PYTHON) conf/autograder/check.py $(LAB)

.PHONY: autograder check-autograder
