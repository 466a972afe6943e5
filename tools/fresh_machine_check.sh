#!/usr/bin/env bash
# Runs .ci/run in a brand-new Debian bookworm chroot that has only a JDK 25, Maven and gcc, as a fresh
# machine would: no Python, no numpy/pandas/h5py, no libdeflate, an empty Maven repository. Needs root,
# debootstrap and the Debian and Maven Central registries. Usage: tools/fresh_machine_check.sh [WORKDIR]
# (default /work/fresh). The JDK is copied from the host's /usr/lib/jvm/*25*, and the host's CA
# certificates (a proxy's included) so that Maven reaches Central from inside the chroot as it does outside.
set -euo pipefail
REPO="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
W="${1:-/work/fresh}"
R="$W/root"
JDK="$(ls -d /usr/lib/jvm/*25* | head -1)"
mkdir -p "$W"
[[ -x "$R/bin/bash" ]] || debootstrap --variant=minbase bookworm "$R" http://deb.debian.org/debian >"$W/debootstrap.log"
for m in proc dev sys; do mountpoint -q "$R/$m" || mount --bind "/$m" "$R/$m"; done
cp /etc/resolv.conf "$R/etc/"
mkdir -p "$R/usr/lib/jvm" "$R/etc/ssl/certs/java" "$R/usr/local/share/ca-certificates"
[[ -d "$R$JDK" ]] || cp -a "$JDK" "$R/usr/lib/jvm/"
cp /usr/local/share/ca-certificates/* "$R/usr/local/share/ca-certificates/" 2>/dev/null || true
cp /etc/ssl/certs/java/cacerts "$R/etc/ssl/certs/java/cacerts"
chroot "$R" bash -c 'update-ca-certificates >/dev/null 2>&1; apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends maven gcc libc6-dev git ca-certificates >/dev/null'
# what the project must install itself is absent
chroot "$R" bash -c 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "python3*" "libpython3*" libdeflate0 >/dev/null 2>&1;
    apt-get autoremove -y -qq >/dev/null 2>&1; rm -rf /root/.m2 /root/ragtime; ! command -v python3'
git clone -q "$REPO" "$R/root/ragtime"
chroot "$R" bash -c 'cd /root/ragtime && CI=true bash .ci/run </dev/null'
