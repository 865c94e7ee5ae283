#!/bin/sh
# tests/lint.sh (make lint): static checks of the C code, the shell scripts and the man
# pages.  Each tool that is missing is named and skipped (installed first when this runs
# as root on Debian: cppcheck, clang-tidy, shellcheck, mandoc); any finding fails.
#   - cppcheck with --enable=warning,portability on lib/ and bin/;
#   - clang-tidy with the checks of .clang-tidy on lib/ and bin/;
#   - ShellCheck, findings of severity warning and error, on the test runner, the CI
#     script, the bench and fuzz scripts and the examples (its info and style notes
#     mostly flag what is meant: $1 of awk and mlr inside single quotes, and lists of
#     words such as a set of packages expanded unquoted on purpose);
#   - mandoc -Tlint -W warning on every man page.
# Usage: tests/lint.sh [cppcheck|clang-tidy|shellcheck|mandoc ...]   (default: all four)
set -u
LC_ALL=C
export LC_ALL

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
tools=${*:-cppcheck clang-tidy shellcheck mandoc}

# The tool of each check and its Debian package.
need=
for t in $tools; do
	case $t in
	cppcheck) command -v cppcheck >/dev/null 2>&1 || need="$need cppcheck" ;;
	clang-tidy) command -v clang-tidy >/dev/null 2>&1 || need="$need clang-tidy" ;;
	shellcheck) command -v shellcheck >/dev/null 2>&1 || need="$need shellcheck" ;;
	mandoc) command -v mandoc >/dev/null 2>&1 || need="$need mandoc" ;;
	*) echo "tests/lint.sh: no such check: '$t'" >&2; exit 2 ;;
	esac
done
if [ -n "$need" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	KETEN_DEPS_EXTRA=$need sh tests/deps.sh || true
fi

version=$(cat VERSION)
gsl_cflags=$(pkg-config --cflags gsl 2>/dev/null)
csrc=$(ls lib/*.c bin/*.c)
failed=0
skipped=

check() { # name status
	if [ "$2" = 0 ]; then
		echo "ok - lint $1"
	else
		echo "not ok - lint $1"
		failed=$((failed + 1))
	fi
}

for t in $tools; do
	if ! command -v "$t" >/dev/null 2>&1; then
		skipped="$skipped $t"
		continue
	fi
	case $t in
	cppcheck)
		# die() and friends are declared with C11 noreturn from <stdnoreturn.h>, a
		# header cppcheck does not read; spelled as the attribute it knows, they end
		# paths as they do for the compiler.
		# shellcheck disable=SC2086 # csrc and gsl_cflags are lists of words
		cppcheck --enable=warning,portability --error-exitcode=1 --inline-suppr \
			--quiet --std=c11 -D_POSIX_C_SOURCE=200809L \
			"-DKETEN_VERSION=\"$version\"" '-Dnoreturn=__attribute__((noreturn))' \
			-Ilib $gsl_cflags \
			--template='{file}:{line}: {severity}: {message} [{id}]' $csrc
		check cppcheck $?
		;;
	clang-tidy)
		# One clang-tidy per file, two at a time; the checks are in .clang-tidy.
		tmp=$(mktemp "${TMPDIR:-/tmp}/keten-lint.XXXXXX")
		# shellcheck disable=SC2016 # $@ and $0 belong to the inner shell
		printf '%s\n' $csrc | xargs -P 2 -n 1 sh -c \
			'clang-tidy --quiet "$1" -- -std=c17 -D_POSIX_C_SOURCE=200809L \
				-DKETEN_VERSION="\"$0\"" -Ilib '"$gsl_cflags"' 2>/dev/null' \
			"$version" >"$tmp"
		if grep -q 'warning:\|error:' "$tmp"; then
			grep -A 3 'warning:\|error:' "$tmp"
			check clang-tidy 1
		else
			check clang-tidy 0
		fi
		rm -f "$tmp"
		;;
	shellcheck)
		set --
		for f in tests/run tests/*.sh tests/fuzz/run .ci/run bench/run bench/measure \
			bench/*.sh examples/*.sh; do
			[ -f "$f" ] && set -- "$@" "$f"
		done
		# A script's first line names its shell (sh, or bash for .ci/run); one without
		# it is sh, as make and tests/run run it.
		st=0
		for f in "$@"; do
			if head -n 1 "$f" | grep -q '^#!'; then
				shellcheck -x -S warning "$f" || st=1
			else
				shellcheck -x -S warning -s sh "$f" || st=1
			fi
		done
		check shellcheck "$st"
		;;
	mandoc)
		st=0
		for m in man/man*/*.[1-9]; do
			[ -f "$m" ] || continue
			mandoc -Tlint -W warning "$m" || st=1
		done
		check mandoc "$st"
		;;
	esac
done
[ -n "$skipped" ] && echo "# skipped, not installed:$skipped"
[ "$failed" = 0 ]
