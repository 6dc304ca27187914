#!/bin/sh
# Each expected device is in the guest's PCI list, found by vendor and device id (the seed's check-pcie-devices.sh,
# from sysfs, so it needs no lspci). Reads "NAME VENDOR DEVICE DRIVER FILES" lines from the file $1; prints one
# "CHECK pcie-device NAME PASS|FAIL detail" line per device. Exit 0 when every device was found.
failed=0
while read -r name vendor device driver files; do
  [ -n "$name" ] || continue
  found=""
  for d in /sys/bus/pci/devices/*; do
    [ "$(cat "$d/vendor" 2>/dev/null)" = "0x$vendor" ] && [ "$(cat "$d/device" 2>/dev/null)" = "0x$device" ] \
      && { found=${d##*/}; break; }
  done
  if [ -n "$found" ]; then
    echo "CHECK pcie-device $name PASS $found ($vendor:$device)"
  else
    echo "CHECK pcie-device $name FAIL no $vendor:$device in the guest's PCI list"
    failed=1
  fi
done < "$1"
if command -v lspci >/dev/null 2>&1; then
  echo "--- lspci"
  lspci 2>&1
fi
exit $failed
