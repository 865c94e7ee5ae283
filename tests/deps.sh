#!/bin/sh
# Installs what keten's build and tests need when it is missing, on Debian or Ubuntu.
# Without apt-get (or without root) it only says what is missing.
set -u
need=
have_lib() { [ -f "/usr/include/$1" ]; }
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
have_lib csv.h || need="$need libcsv-dev"
have_lib gsl/gsl_statistics.h || need="$need libgsl-dev"
[ -n "${KETEN_DEPS_EXTRA:-}" ] && for p in $KETEN_DEPS_EXTRA; do
	dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
[ -z "$need" ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
	SUDO=
	[ "$(id -u)" = 0 ] || SUDO=sudo
	echo "keten: installing:$need" >&2
	$SUDO apt-get update -qq >&2 &&
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need >&2 && exit 0
fi
echo "keten: missing:$need (install them and run make again)" >&2
exit 1
