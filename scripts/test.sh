#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the tests need
# (the `age` tool that proves tresor writes standard age files, python3 for
# the practice data generator), then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v age >/dev/null 2>&1 || need+=(age)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

cargo test --locked --all-targets "$@"
