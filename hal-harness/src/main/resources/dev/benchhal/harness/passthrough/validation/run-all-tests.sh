#!/bin/sh
# Runs every validation script beside it with the expected devices of this guest (the file $1), and prints a summary
# line. Exit 0 when every check passed. Add a check: put a script check-*.sh here that prints "CHECK ..." lines.
here=$(dirname "$0")
expected=$1
failed=0
echo "--- guest $(uname -n) kernel $(uname -r)"
for script in "$here"/check-*.sh; do
  echo "--- ${script##*/}"
  sh "$script" "$expected" || failed=1
done
exit $failed
