#!/usr/bin/env bash
# Installs the Debian packages samdoc needs to build, test and look at its
# output — only those that are missing, so a second run costs nothing.
set -euo pipefail
packages=(gcc make pkg-config libhpdf-dev libxml2-dev libxml2-utils libyaml-dev
          poppler-utils qpdf valgrind clang libclang-rt-14-dev fonts-dejavu-core time strace)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
