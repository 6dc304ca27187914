#!/bin/sh
# Builds a tiny Linux guest into $1 from Debian's packages, through this machine's apt (nothing else is downloaded):
# Debian's cloud kernel (vmlinuz) and an initramfs (initrd.gz) with BusyBox (every applet), the virtio network and
# random number drivers, and Dropbear's SSH server with OpenSSH's SFTP server, which lets root in with the key user_key
# made here; host_key.pub is the guest's SSH host key. The guest
# takes 10.0.2.15 (QEMU's user-mode network), starts sshd on port 22 and prints "benchhal-guest: ready" on its console.
# Needs apt-get, dpkg-deb and ssh-keygen; no root.
set -eu
out=$1
work=$out/work
root=$out/initrd-root
rm -rf "$work" "$root"
mkdir -p "$work/x" "$root"
cd "$work"
kernel=$(apt-cache depends --no-recommends linux-image-cloud-amd64 2>/dev/null | awk '/Depends:/ { print $2; exit }')
[ -n "$kernel" ] || { echo "build-tiny-guest: apt knows no linux-image-cloud-amd64 (run apt-get update first)" >&2; exit 2; }
apt-get download "$kernel" busybox-static dropbear-bin openssh-sftp-server libtomcrypt1 libtommath1 libgmp10 zlib1g \
  libcrypt1 libc6 >&2
for deb in ./*.deb; do dpkg-deb -x "$deb" x; done
x=$work/x
lib=x86_64-linux-gnu

mkdir -p "$root/bin" "$root/sbin" "$root/etc/dropbear" "$root/root/.ssh" "$root/lib/$lib" "$root/lib64" "$root/modules" \
  "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/var/run" "$root/usr/lib"
cp "$x/bin/busybox" "$root/bin/"
ln -s busybox "$root/bin/sh"
cp "$x/usr/sbin/dropbear" "$root/sbin/"
# where Dropbear looks for the SFTP subsystem (OpenSSH's server needs only the C library)
cp "$x/usr/lib/openssh/sftp-server" "$root/usr/lib/sftp-server"
for so in libc.so.6 libcrypt.so.1 libz.so.1 libgmp.so.10 libtomcrypt.so.1 libtommath.so.1; do
  found=$(find "$x/lib/$lib" "$x/usr/lib/$lib" -name "$so" 2>/dev/null | head -1)
  [ -n "$found" ] || { echo "build-tiny-guest: $so is in none of the packages" >&2; exit 2; }
  cp -L "$found" "$root/lib/$lib/"
done
cp -L "$x/lib64/ld-linux-x86-64.so.2" "$root/lib64/"
modules=$(find "$x/lib/modules" -maxdepth 1 -mindepth 1 -type d | head -1)/kernel
for m in drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_pci_modern_dev \
         drivers/virtio/virtio_pci_legacy_dev drivers/virtio/virtio_pci net/core/failover drivers/net/net_failover \
         drivers/net/virtio_net drivers/char/hw_random/virtio-rng; do
  cp "$modules/$m.ko" "$root/modules/"
done

# keys: the guest's host key made by its own dropbearkey (run with the packages' loader and libraries), root's key here
"$x/lib64/ld-linux-x86-64.so.2" --library-path "$x/lib/$lib:$x/usr/lib/$lib" "$x/usr/bin/dropbearkey" \
  -t ed25519 -f "$root/etc/dropbear/host_key" | grep '^ssh-ed25519 ' | cut -d' ' -f1,2 > "$out/host_key.pub"
rm -f "$out/user_key" "$out/user_key.pub"
ssh-keygen -q -t ed25519 -N '' -C benchhal-tiny-guest -f "$out/user_key"
cp "$out/user_key.pub" "$root/root/.ssh/authorized_keys"
chmod 700 "$root/root/.ssh"
chmod 600 "$root/root/.ssh/authorized_keys"
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
echo '/bin/sh' > "$root/etc/shells"

cat > "$root/init" <<'INIT'
#!/bin/sh
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s /bin
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci failover net_failover virtio_net virtio-rng; do
  insmod /modules/$m.ko
done
ip link set lo up
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2
/sbin/dropbear -R -p 22 -r /etc/dropbear/host_key
echo "benchhal-guest: ready"
# init must never end (the kernel would panic): the console is not a terminal to read from
while :; do sleep 3600; done
INIT
chmod 755 "$root/init"

(cd "$root" && find . | "$x/bin/busybox" cpio -o -H newc 2>/dev/null) | gzip -1 > "$out/initrd.gz"
cp "$(find "$x/boot" -name 'vmlinuz-*' | head -1)" "$out/vmlinuz"
rm -rf "$work" "$root"
