#!/usr/bin/env bash
# Installs the Debian packages samdoc needs to build, test, package and look
# at its output — only those that are missing, so a second run costs nothing.
# icc-profiles-free holds the sRGB profile of --pdfa (pdf.c, SD_ICC_PATH).
# debhelper and dpkg-dev build the .deb (`make deb`; debian/control says
# Rules-Requires-Root: no, so no fakeroot); mandoc lints the manual page.
set -euo pipefail
packages=(gcc make pkg-config libhpdf-dev libpng-dev libxml2-dev libxml2-utils libyaml-dev
          icc-profiles-free
          poppler-utils qpdf valgrind clang libclang-rt-14-dev fonts-dejavu-core time strace
          debhelper dpkg-dev mandoc
          python3 python3-yaml python3-jsonschema)
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
