#!/usr/bin/env bash
# Fetches lwIP's source as Debian ships it (source package lwip, 2.1.3+dfsg1)
# into a cache shared by every checkout, and checks it against the SHA-256
# pinned in conf/lwip.sha256.
#
#   conf/lwip-fetch.sh CACHE_DIR
#
# apt-get reads a private source list and keeps its package lists under
# CACHE_DIR, so the machine's apt configuration is neither used nor changed.
# Where apt-get or Debian's keyring is missing, the same file comes from
# Debian's pool over HTTP; the pinned hash is what makes either way safe.
set -euo pipefail

cache=$1
pin="$(cd "$(dirname "$0")" && pwd)/lwip.sha256"
tarball=$(awk '{ print $2 }' "$pin")
package=lwip
pool_url="http://deb.debian.org/debian/pool/main/l/lwip/$tarball"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

verify() {
    (cd "$cache" && sha256sum --quiet -c "$pin")
}

mkdir -p "$cache"
if [ -f "$cache/$tarball" ] && verify 2>/dev/null; then
    echo "lwip: $cache/$tarball is already here and verified"
    exit 0
fi
rm -f "$cache/$tarball"

work=$(mktemp -d "$cache/fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT

fetched=""
if command -v apt-get >/dev/null && [ -f "$keyring" ]; then
    mkdir -p "$work/lists/partial" "$work/dl"
    echo "deb-src [signed-by=$keyring] http://deb.debian.org/debian bookworm main" >"$work/sources.list"
    apt_options=(-q -o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
        -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache")
    # As root, apt drops to the _apt user, who cannot write into this directory.
    [ "$(id -u)" = 0 ] && apt_options+=(-o APT::Sandbox::User=root)
    echo "lwip: apt-get source --download-only $package (private source list)"
    if apt-get "${apt_options[@]}" update >&2 &&
        (cd "$work/dl" && apt-get "${apt_options[@]}" source --download-only "$package" >&2) &&
        [ -f "$work/dl/$tarball" ]; then
        fetched="$work/dl/$tarball"
    else
        echo "lwip: apt-get could not fetch the source package; trying Debian's pool" >&2
    fi
fi
if [ -z "$fetched" ]; then
    echo "lwip: downloading $pool_url"
    if command -v curl >/dev/null; then
        curl -fsSL -o "$work/$tarball" "$pool_url"
    else
        wget -q -O "$work/$tarball" "$pool_url"
    fi
    fetched="$work/$tarball"
fi

mv "$fetched" "$cache/$tarball"
if ! verify; then
    echo "lwip: $tarball does not match the SHA-256 pinned in conf/lwip.sha256; removed it" >&2
    rm -f "$cache/$tarball"
    exit 1
fi
echo "lwip: $cache/$tarball fetched and verified"
