#!/bin/sh
# Each expected device is bound to the expected driver (the seed's check-gpu-drivers.sh; for an NVIDIA driver also
# nvidia-smi). Reads "NAME VENDOR DEVICE DRIVER FILES" lines from the file $1 ("-" for no driver to check); prints one
# "CHECK driver NAME PASS|FAIL detail" line per device with a driver. Exit 0 when every one is bound as expected.
failed=0
while read -r name vendor device driver files; do
  [ -n "$name" ] && [ "$driver" != "-" ] || continue
  found=""
  for d in /sys/bus/pci/devices/*; do
    [ "$(cat "$d/vendor" 2>/dev/null)" = "0x$vendor" ] && [ "$(cat "$d/device" 2>/dev/null)" = "0x$device" ] \
      && { found=$d; break; }
  done
  if [ -z "$found" ]; then
    echo "CHECK driver $name FAIL no $vendor:$device to bind"
    failed=1
    continue
  fi
  bound=""
  [ -e "$found/driver" ] && bound=$(basename "$(readlink "$found/driver")")
  if [ "$bound" = "$driver" ]; then
    echo "CHECK driver $name PASS ${found##*/} bound to $bound"
  else
    echo "CHECK driver $name FAIL ${found##*/} bound to ${bound:-no driver}, expected $driver"
    failed=1
  fi
  if [ "$driver" = nvidia ]; then
    if out=$(nvidia-smi -L 2>&1); then
      echo "CHECK nvidia-smi $name PASS $(echo "$out" | head -1)"
    else
      echo "CHECK nvidia-smi $name FAIL $(echo "$out" | head -1)"
      failed=1
    fi
  fi
done < "$1"
exit $failed
