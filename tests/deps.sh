#!/bin/sh
# Installs what keten's build and tests need when it is missing, on Debian or Ubuntu.
# Without apt-get (or without root) it only says what is missing.
# Usage: tests/deps.sh [build|check|asan|valgrind]: build for make and make demo; check adds what
# test cases call (xmllint, /usr/bin/python3 with pandas); asan adds clang and its
# sanitizer runtime; valgrind adds valgrind.
set -u
kind=${1:-build}
need=
have_lib() { [ -f "/usr/include/$1" ]; }
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
have_lib csv.h || need="$need libcsv-dev"
have_lib gsl/gsl_statistics.h || need="$need libgsl-dev"
if [ "$kind" = check ] || [ "$kind" = asan ] || [ "$kind" = valgrind ]; then
	command -v xmllint >/dev/null 2>&1 || need="$need libxml2-utils"
	/usr/bin/python3 -c 'import pandas' >/dev/null 2>&1 || need="$need python3-pandas"
fi
if [ "$kind" = valgrind ]; then
	command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
fi
if [ "$kind" = asan ]; then
	command -v clang >/dev/null 2>&1 || need="$need clang"
	dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || dpkg -s libclang-rt-dev >/dev/null 2>&1 ||
		need="$need libclang-rt-dev"
fi
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
