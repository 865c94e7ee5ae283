#!/bin/sh
# tests/lint.sh (make lint): static checks of the C code, the shell scripts and the man
# pages; any finding fails.
#   - cppcheck with --enable=warning,portability on lib/ and bin/;
#   - clang-tidy with the checks of .clang-tidy on lib/ and bin/, two files at a time;
#   - ShellCheck, findings of severity warning and error, on the test runner, the CI
#     script, the bench, browser and fuzz scripts, the examples and the cmd of every test
#     case (its info and style notes mostly flag what is meant: $1 of awk and mlr inside
#     single quotes, and lists of words such as a set of packages expanded unquoted on
#     purpose);
#   - mandoc -Tlint -W warning on every man page;
#   - format: clang-format --dry-run --Werror with .clang-format on the C files of bin/,
#     lib/ and tests/unit (tables laid out by hand stand between clang-format off and on).
# A tool that is missing is installed by tests/deps.sh lint (as root, or through sudo),
# as make check installs what the tests need; where it cannot be, tests/deps.sh says
# what to install and this fails.
# Usage: tests/lint.sh [cppcheck|clang-tidy|shellcheck|mandoc|format ...]
#        (default: all five)
set -u
LC_ALL=C
export LC_ALL

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
tools=${*:-cppcheck clang-tidy shellcheck mandoc format}

# The tool of each check.
for t in $tools; do
	case $t in
	cppcheck | clang-tidy | shellcheck | mandoc) tool=$t ;;
	format) tool=clang-format ;;
	*) echo "tests/lint.sh: no such check: '$t'" >&2; exit 2 ;;
	esac
	command -v "$tool" >/dev/null 2>&1 || { sh tests/deps.sh lint || exit 1; }
done

version=$(cat VERSION)
# The include paths of GSL, and of libxml2 for lib/xes.c.
gsl_cflags=$(pkg-config --cflags gsl libxml-2.0 2>/dev/null)
csrc=$(ls lib/*.c bin/*.c)
failed=0

check() { # name status
	if [ "$2" = 0 ]; then
		echo "ok - lint $1"
	else
		echo "not ok - lint $1"
		failed=$((failed + 1))
	fi
}

for t in $tools; do
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
		# The scripts, whose first line names their shell (sh, or bash for .ci/run),
		# and the cmd of every test case, which tests/run runs with sh; one shellcheck
		# for each kind.
		set --
		for f in tests/run tests/*.sh tests/*/run tests/data/*/*.sh .ci/run bench/run \
			bench/measure bench/*.sh examples/*.sh; do
			[ -f "$f" ] && set -- "$@" "$f"
		done
		st=0
		shellcheck -x -S warning "$@" || st=1
		# shellcheck disable=SC2046 # the paths of the cmd files have no blanks
		shellcheck -S warning -s sh $(find tests -mindepth 3 -maxdepth 3 -name cmd -type f |
			sort) || st=1
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
	format)
		# Names each place where .clang-format would lay the code out otherwise, and
		# changes nothing (git clang-format lays out the lines of a commit).
		# shellcheck disable=SC2046 # the paths of the C files have no blanks
		clang-format --dry-run --Werror $(ls bin/*.c lib/*.c lib/*.h tests/unit/*.c \
			tests/unit/*.h 2>/dev/null)
		check format $?
		;;
	esac
done
[ "$failed" = 0 ]
