#!/bin/sh
# The lab host container's first process: makes this container's SSH host key and its user's key, then runs sshd in
# the foreground on 127.0.0.1:$1 (the container shares the host's network: there is no bridge to publish ports on).
set -eu
port=$1
mkdir -p /run/sshd /etc/benchhal
# a sysfs tree the test copied in (LabHostContainer.withSysfsTree)
if [ -f /opt/benchhal/sysfs.tar ]; then
  mkdir -p /opt/benchhal/sysfs && tar -xf /opt/benchhal/sysfs.tar -C /opt/benchhal/sysfs && rm /opt/benchhal/sysfs.tar
fi
ssh-keygen -q -t ed25519 -N '' -C benchhal-lab-host -f /etc/benchhal/host_key
ssh-keygen -q -t ed25519 -N '' -C benchhal-lab-user -f /etc/benchhal/user_key
cp /etc/benchhal/user_key.pub /etc/benchhal/authorized_keys
chmod 600 /etc/benchhal/authorized_keys
exec /usr/sbin/sshd -D -e -p "$port" -o ListenAddress=127.0.0.1 -h /etc/benchhal/host_key \
  -o AuthorizedKeysFile=/etc/benchhal/authorized_keys -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no \
  -o PermitRootLogin=prohibit-password -o UsePAM=no -o MaxSessions=64 -o MaxStartups=64:30:128 -o PrintMotd=no
