#!/bin/sh
# Installs the Debian packages the project needs, if any are missing. As root it installs them;
# otherwise it uses sudo, or says what to install.
#   sh scripts/system-packages.sh PYTHON          what building the site needs
#   sh scripts/system-packages.sh PYTHON test     and what the tests need (a real Chromium, poppler)
set -eu
PYTHON=${1:-python3}
PURPOSE=${2:-site}

missing=""
"$PYTHON" -c "import ensurepip, venv" 2>/dev/null || missing="$missing python3-venv"
# (GitHub's runners use Playwright's own Chromium, installed by the workflow into ~/.cache/ms-playwright.)
if [ "$PURPOSE" = test ] && [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1 \
        && [ ! -d "$HOME/.cache/ms-playwright" ]; then
    missing="$missing chromium"
fi
# WeasyPrint draws text with Pango; the tests read PDFs back with poppler's pdftotext and pdffonts.
if ! ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0"; then
    missing="$missing libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
fi
if [ "$PURPOSE" = test ] && ! command -v pdftotext >/dev/null 2>&1; then
    missing="$missing poppler-utils"
fi
if [ "$PURPOSE" = test ] && ! command -v npm >/dev/null 2>&1; then
    missing="$missing nodejs npm"
fi

[ -z "$missing" ] && exit 0
echo "Installerar Debian-paket:$missing"
if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
else
    echo "Installera dem först: apt-get install$missing" >&2
    exit 1
fi
