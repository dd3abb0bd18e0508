echo hello world | cat
cat lorem
cat lorem | cat
cat lorem | num
cat lorem | num | num | num | num | num
lsfd -1
cat script
sh <script
echo "two words" and "more   spaced  words" ; echo after the semicolon
echo one > out ; cat out
cat < lorem > out ; wc out
