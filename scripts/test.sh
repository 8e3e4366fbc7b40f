#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the tests need
# (the `age` tool that proves tresor writes standard age files, xmllint for
# the Task Scheduler XML, python3 for
# the practice data generator, poppler-utils and zbar-tools for the
# emergency sheet's PDF and QR code, moto — a real S3-compatible server the S3
# tests start on loopback — and aiosmtpd, the SMTP server of the mail tests),
# then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v age >/dev/null 2>&1 || need+=(age)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# tests/schedule.rs validates the Task Scheduler XML with a real XML Schema validator.
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
# pdftoppm/pdftotext: tests/notfallblatt.rs renders the emergency sheet's PDF.
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# zbarimg: the same test reads the recovery key's QR code back off the page.
command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
# systemd-analyze: tests/schedule.rs verifies the timer and service units.
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
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

# Mail tests: aiosmtpd, pinned (tests/support/smtp.rs starts it with the
# handler tests/support/smtp_server.py; a missing server fails those tests).
AIOSMTPD_VERSION=1.4.6
if ! python3 -m pip show aiosmtpd 2>/dev/null | grep -qx "Version: $AIOSMTPD_VERSION"; then
  echo "installing: aiosmtpd==$AIOSMTPD_VERSION"
  python3 -m pip install -q "aiosmtpd==$AIOSMTPD_VERSION" 2>/dev/null \
    || python3 -m pip install -q --break-system-packages "aiosmtpd==$AIOSMTPD_VERSION"
fi

cargo test --locked --all-targets "$@"
