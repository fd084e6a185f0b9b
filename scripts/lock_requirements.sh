#!/usr/bin/env bash
# Make the hash locks again from the pinned requirements (after changing a pin in
# requirements*.txt): every transitive version with the hashes of its files, so that
# `pip install --require-hashes -r <lock>` installs the same bytes on every machine.
# pip-tools runs in a throwaway virtual environment; it is not a dependency of the kiosk.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
TOOLS=$(mktemp -d)
trap 'rm -rf "$TOOLS"' EXIT
"$PYTHON" -m venv "$TOOLS"
"$TOOLS/bin/pip" install --quiet pip-tools==7.6.2
compile() {  # compile <input> <lock>
	"$TOOLS/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file "$2" "$1"
}
compile requirements.txt requirements.lock
compile requirements-build.txt requirements-build.lock
compile requirements-dev.txt requirements-dev.lock
