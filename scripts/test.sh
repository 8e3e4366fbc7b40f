#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the tests need
# (the `age` tool that proves tresor writes standard age files, python3 for
# the practice data generator, moto — a real S3-compatible server the S3
# tests start on loopback), then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v age >/dev/null 2>&1 || need+=(age)
command -v python3 >/dev/null 2>&1 || need+=(python3)
python3 -m pip --version >/dev/null 2>&1 || need+=(python3-pip)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# S3 tests: moto, pinned (tests/support/moto.rs starts `moto_server`; a
# missing server fails those tests, it never skips them).
MOTO_VERSION=5.2.5
if ! python3 -m pip show moto 2>/dev/null | grep -qx "Version: $MOTO_VERSION" \
   || ! command -v moto_server >/dev/null 2>&1; then
  echo "installing: moto[server]==$MOTO_VERSION"
  # Debian's python3 refuses pip installs outside a venv (PEP 668).
  python3 -m pip install -q "moto[server]==$MOTO_VERSION" 2>/dev/null \
    || python3 -m pip install -q --break-system-packages "moto[server]==$MOTO_VERSION"
fi

cargo test --locked --all-targets "$@"
