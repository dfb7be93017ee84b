#!/usr/bin/env bash
# Installs the Debian packages calloff needs to build, test and benchmark, where any is missing.
set -euo pipefail

packages=(gcc make cmake pkg-config libxml2-dev libyaml-dev libjansson-dev libgmp-dev libgsl-dev
          libcriterion-dev libssl-dev
          clang libclang-rt-14-dev python3-jsonschema python3-markdown cmark-gfm chromium
          libxml2-utils time libxlsxwriter-dev libzip-dev libcsv-dev
          chromium-driver python3-selenium python3-openpyxl python3-yaml)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
