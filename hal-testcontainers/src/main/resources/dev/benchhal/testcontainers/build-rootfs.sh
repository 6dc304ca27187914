#!/bin/sh
# Builds the lab host's root file system from Debian's packages into $1 (an empty or missing directory), with
# debootstrap through this machine's apt mirror: nothing is pulled from an image registry. Needs root and debootstrap.
# The packages: OpenSSH's server (the lab host is reached over SSH), Python 3 (the vendor SDK bridges), and what the
# remote shell and the PCIe driver run (ps, kill, awk, find, cat).
set -eu
target=$1
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
# the mirror apt uses here for the suite's main component, as apt-cache policy lists it
mirror=$(apt-cache policy 2>/dev/null | awk -v s="$suite/main" '$3 == s && $2 ~ /^https?:/ { print $2; exit }')
if [ -z "$mirror" ]; then
  echo "build-rootfs: apt knows no mirror for $suite/main (run apt-get update first)" >&2
  exit 2
fi
debootstrap --variant=minbase --include=openssh-server,python3,procps,mawk,findutils \
  "$suite" "$target" "$mirror" >&2
# host keys are made when a container starts, never shared by every container of the image
rm -f "$target"/etc/ssh/ssh_host_*
# what a lab host does not need: package caches, documentation, translations
rm -rf "$target"/var/cache/apt/archives/*.deb "$target"/var/lib/apt/lists/* "$target"/usr/share/doc/* \
  "$target"/usr/share/man/* "$target"/usr/share/locale/*
mkdir -p "$target"/run/sshd
