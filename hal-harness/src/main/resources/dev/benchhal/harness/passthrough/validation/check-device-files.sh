#!/bin/sh
# The device files of each expected device exist (the seed's /dev/nvidia* check). Reads "NAME VENDOR DEVICE DRIVER
# FILES" lines from the file $1, FILES comma-separated globs or "-"; prints one "CHECK device-file NAME PASS|FAIL
# detail" line per glob. Exit 0 when every glob matched.
failed=0
while read -r name vendor device driver files; do
  [ -n "$name" ] && [ "$files" != "-" ] || continue
  for glob in $(echo "$files" | tr ',' ' '); do
    # the glob expands here; no match leaves it as written
    set -- $glob
    if [ -e "$1" ]; then
      echo "CHECK device-file $name PASS $*"
    else
      echo "CHECK device-file $name FAIL nothing matches $glob"
      failed=1
    fi
  done
done < "$1"
exit $failed
