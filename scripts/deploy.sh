#!/usr/bin/env bash
# Install EdgeWamp on a board over ssh: copy the .deb for the board's architecture, install it, show the service.
#
#   scripts/deploy.sh HOST [DEB]
#
# HOST   anything ssh accepts: pi@raspberrypi.local, a Host from ~/.ssh/config, ...
# DEB    the package to install; default: artifacts/packages/edgewamp_<version>_<arch>.deb for the board's
#        architecture (`dpkg --print-architecture` on the board: arm64 or amd64), built by
#        scripts/build.sh && scripts/package.sh
#
# On the board it runs `sudo dpkg -i` (the user needs sudo; without a password prompt, or ssh asks on the
# terminal: -t), then `apt-get install -f` only if dpkg reports missing dependencies, then
# `systemctl status edgewamp`. The package's postinst creates the edgewamp user, enables the service and
# (re)starts it; /etc/edgewamp/config.json is a conffile, so a changed config on the board is kept on upgrade.
#
# Environment: SSH_OPTS (extra ssh/scp options, e.g. "-i ~/.ssh/board -p 2222"), REMOTE_TMP (default /tmp).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() { sed -n '2,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
die() { printf 'deploy.sh: %s\n' "$*" >&2; exit 1; }

if (($# < 1)) || [[ "$1" == -h || "$1" == --help ]]; then
    usage
    (($# >= 1)) && exit 0
    exit 2
fi
HOST="$1"
DEB="${2:-}"
REMOTE_TMP="${REMOTE_TMP:-/tmp}"
# shellcheck disable=SC2206  # SSH_OPTS is a list of options, split on purpose
SSH=(ssh ${SSH_OPTS:-})
# shellcheck disable=SC2206
SCP=(scp ${SSH_OPTS:-})

if [[ -z "$DEB" ]]; then
    arch="$("${SSH[@]}" "$HOST" dpkg --print-architecture)" || die "cannot reach $HOST over ssh"
    version="$(sed -n 's:.*<Version>\([^<]*\)</Version>.*:\1:p' "$ROOT/Directory.Build.props" | head -n 1)"
    DEB="$ROOT/artifacts/packages/edgewamp_${version}_${arch}.deb"
fi
[[ -f "$DEB" ]] || die "no package $DEB: run scripts/build.sh && scripts/package.sh first"

remote="$REMOTE_TMP/$(basename "$DEB")"
printf '==> copying %s to %s:%s\n' "$(basename "$DEB")" "$HOST" "$remote"
"${SCP[@]}" "$DEB" "$HOST:$remote"

printf '==> installing on %s\n' "$HOST"
# shellcheck disable=SC2029  # $remote is meant to expand here, on this side
"${SSH[@]}" -t "$HOST" "sudo dpkg -i '$remote' || sudo apt-get install -f -y; rm -f '$remote'"

printf '==> edgewamp on %s\n' "$HOST"
"${SSH[@]}" "$HOST" systemctl status --no-pager --lines=20 edgewamp.service
