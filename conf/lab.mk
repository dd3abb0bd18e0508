# The lab this tree covers up to: the solution has every lab; a handout made
# by `make handout LAB=K` (doc/labs.md) says K here.
LAB_CURRENT := 7
# The labs, in order. Lab 6 is the network; lab 7 is FlexSC (LAB=flexsc
# names it), whose tests carry the pytest lab name FlexSC.
LABS := 1 2 3 4 5 6 7
LAB_NAME_7 := FlexSC
