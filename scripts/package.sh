#!/usr/bin/env bash
# Build the Debian packages from the published binaries (run scripts/build.sh first).
#
#   scripts/package.sh [ARCH...]        ARCH: arm64, amd64 (default: both)
#
# Output: artifacts/packages/edgewamp_<version>_<arch>.deb, built with dpkg-deb (no debhelper), files owned by
# root. <version> is <Version> in Directory.Build.props, or $EDGEWAMP_DEB_VERSION.
#
# Contents:
#   /usr/lib/edgewamp/edgewamp              the Native AOT binary (linux-arm64 or linux-x64 publish), with any
#                                           native sidecar library the publish has (lib*.so) beside it
#   /usr/bin/edgewamp                       -> ../lib/edgewamp/edgewamp
#   /etc/edgewamp/config.json               conffile: the embedded default configuration
#                                           (src/EdgeWamp.Host/Configuration/default-config.json)
#   /lib/systemd/system/edgewamp.service    systemd/edgewamp.service
#   /lib/systemd/system/edgewamp.socket     systemd/edgewamp.socket (optional socket activation)
#   /usr/share/edgewamp/firmware-configs/   firmware-configs/*.json, when the repository has any
#   /usr/share/doc/edgewamp/README.md
#   DEBIAN/{control,conffiles,postinst,prerm,postrm}   maintainer scripts from packaging/debian/
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PUBLISH="$ROOT/artifacts/publish"
OUT="$ROOT/artifacts/packages"
STAGING="$ROOT/artifacts/deb-staging"

die() { printf 'package.sh: %s\n' "$*" >&2; exit 1; }

version() {
    if [[ -n "${EDGEWAMP_DEB_VERSION:-}" ]]; then
        printf '%s' "$EDGEWAMP_DEB_VERSION"
        return
    fi
    sed -n 's:.*<Version>\([^<]*\)</Version>.*:\1:p' "$ROOT/Directory.Build.props" | head -n 1
}

# The newest GLIBC_x.y symbol version the binary needs: the libc6 it depends on.
glibc_needed() {
    readelf -V --wide "$1" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -u -V | tail -n 1
}

build_deb() {
    local arch="$1" rid version root bin glibc size deb
    case "$arch" in
        arm64) rid=linux-arm64 ;;
        amd64) rid=linux-x64 ;;
        *) die "unsupported architecture '$arch' (arm64, amd64)" ;;
    esac
    bin="$PUBLISH/$rid/edgewamp"
    [[ -x "$bin" ]] || die "no $bin: run scripts/build.sh $rid first"
    version="$(version)"
    [[ -n "$version" ]] || die "no <Version> in Directory.Build.props"
    root="$STAGING/$arch"
    rm -rf "$root"

    install -d "$root/DEBIAN" "$root/usr/lib/edgewamp" "$root/usr/bin" "$root/etc/edgewamp" \
        "$root/lib/systemd/system" "$root/usr/share/doc/edgewamp"
    install -m 0755 "$bin" "$root/usr/lib/edgewamp/edgewamp"
    local lib
    for lib in "$PUBLISH/$rid"/lib*.so; do
        [[ -e "$lib" ]] || continue
        install -m 0644 "$lib" "$root/usr/lib/edgewamp/"
    done
    # A symlink, so that the binary finds sidecar libraries beside its real path (AppContext.BaseDirectory).
    ln -s ../lib/edgewamp/edgewamp "$root/usr/bin/edgewamp"
    install -m 0644 "$ROOT/src/EdgeWamp.Host/Configuration/default-config.json" "$root/etc/edgewamp/config.json"
    install -m 0644 "$ROOT/systemd/edgewamp.service" "$ROOT/systemd/edgewamp.socket" "$root/lib/systemd/system/"
    install -m 0644 "$ROOT/README.md" "$root/usr/share/doc/edgewamp/README.md"
    if compgen -G "$ROOT/firmware-configs/*.json" >/dev/null; then
        install -d "$root/usr/share/edgewamp/firmware-configs"
        install -m 0644 "$ROOT"/firmware-configs/*.json "$root/usr/share/edgewamp/firmware-configs/"
    fi

    install -m 0755 "$ROOT/packaging/debian/postinst" "$ROOT/packaging/debian/prerm" "$ROOT/packaging/debian/postrm" "$root/DEBIAN/"
    printf '/etc/edgewamp/config.json\n' > "$root/DEBIAN/conffiles"
    glibc="$(glibc_needed "$bin")"
    [[ -n "$glibc" ]] || die "cannot tell which glibc $bin needs"
    size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
    cat > "$root/DEBIAN/control" <<CONTROL
Package: edgewamp
Version: $version
Architecture: $arch
Maintainer: EdgeWamp developers <edgewamp@localhost>
Installed-Size: $size
Depends: libc6 (>= $glibc), adduser
Recommends: libgpiod2
Section: net
Priority: optional
Description: WAMP router for edge devices
 EdgeWamp routes WAMP (Web Application Messaging Protocol) remote procedure
 calls and publish/subscribe between every program that can reach the board:
 RawSocket over TCP and Unix domain sockets, with JSON, MessagePack and CBOR.
 One Native AOT binary, run by systemd as the edgewamp user
 (edgewamp.service; optional socket activation with edgewamp.socket).
CONTROL

    mkdir -p "$OUT"
    deb="$OUT/edgewamp_${version}_${arch}.deb"
    rm -f "$deb"
    dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
    printf '%s (%s bytes)\n' "$deb" "$(stat -c %s "$deb")"
}

ARCHS=("$@")
if ((${#ARCHS[@]} == 0)); then ARCHS=(arm64 amd64); fi
for arch in "${ARCHS[@]}"; do
    build_deb "$arch"
done
