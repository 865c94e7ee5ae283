#!/bin/sh
# Installs what keten's build and checks need when it is missing, on Debian or Ubuntu:
# with apt-get, as root, or through sudo for any other user (sudo may ask for a
# password).  Without apt-get, or as a user other than root without sudo, or when the
# installation fails, it says what is missing and exits 1; it exits 0 when nothing is.
# Usage: tests/deps.sh [build|check|asan|valgrind|lint|browser]: build for make and make demo
# (and tzdata, which the programs read at run time);
# check adds what test cases call (xmllint, /usr/bin/python3 with pandas, script,
# localedef's locale sources, mandoc); asan adds
# clang and its sanitizer runtime; valgrind adds valgrind; lint adds the tools of make
# lint (cppcheck, clang-tidy, shellcheck, mandoc, clang-format); browser adds what
# tests/browser/run and make screenshot call (chromium, pdftotext of poppler-utils,
# optipng, and node and npm, with which it installs mermaid-cli into tests/peers).  KETEN_DEPS_EXTRA
# names more Debian packages to check and install.
set -u
kind=${1:-build}
case $kind in
build | check | asan | valgrind | lint | browser) ;;
*) echo "tests/deps.sh: no such kind: '$kind'" >&2; exit 2 ;;
esac
need=
have() { command -v "$1" >/dev/null 2>&1; }
have_lib() { [ -f "/usr/include/$1" ]; }
have cc || need="$need gcc"
have make || need="$need make"
have pkg-config || need="$need pkg-config"
have_lib csv.h || need="$need libcsv-dev"
have_lib gsl/gsl_statistics.h || need="$need libgsl-dev"
have_lib libxml2/libxml/xmlreader.h || need="$need libxml2-dev"
have_lib zlib.h || need="$need zlib1g-dev"
have_lib xlsxwriter.h || need="$need libxlsxwriter-dev"
# The tz database: times with a UTC offset are read into a zone of it (keten(5)).
[ -f /usr/share/zoneinfo/Europe/Amsterdam ] || need="$need tzdata"
# msgfmt builds the Dutch catalogue (po/nl.po); xgettext and msgcmp check it in the tests.
have msgfmt || need="$need gettext"
if [ "$kind" = check ] || [ "$kind" = asan ] || [ "$kind" = valgrind ]; then
	have xmllint || need="$need libxml2-utils"
	/usr/bin/python3 -c 'import pandas' >/dev/null 2>&1 || need="$need python3-pandas"
	# script(1) gives a command a terminal (the progress meter); localedef makes the
	# Dutch locale of tests/i18n/locale; mandoc formats pages where man is missing.
	have script || need="$need bsdutils"
	[ -f /usr/share/i18n/locales/nl_NL ] || need="$need locales"
	have mandoc || need="$need mandoc"
fi
if [ "$kind" = browser ]; then
	have chromium || need="$need chromium"
	have pdftotext || need="$need poppler-utils"
	have optipng || need="$need optipng"
	# node and npm for mermaid-cli, which tests/browser/run draws Mermaid with.
	have node || need="$need nodejs"
	have npm || need="$need npm"
fi
if [ "$kind" = valgrind ]; then
	have valgrind || need="$need valgrind"
fi
if [ "$kind" = asan ]; then
	have clang || need="$need clang"
	dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || dpkg -s libclang-rt-dev >/dev/null 2>&1 ||
		need="$need libclang-rt-dev"
fi
if [ "$kind" = lint ]; then
	for t in cppcheck clang-tidy shellcheck mandoc clang-format; do
		have "$t" || need="$need $t"
	done
fi
for p in ${KETEN_DEPS_EXTRA:-}; do
	dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
# The peers of tests/browser/run (tests/peers: mermaid-cli), from the npm registry into
# tests/peers/node_modules, once node and npm are there; Puppeteer downloads no browser
# (tests/peers/puppeteer.json names Debian's chromium).  Without the registry (no network)
# it says so and tests/browser/run skips the Mermaid check.
peers() {
	peerdir=$(cd "$(dirname "$0")" && pwd)/peers
	[ -x "$peerdir/node_modules/.bin/mmdc" ] && return 0
	have npm || return 0
	echo "keten: installing the npm packages of tests/peers (mermaid-cli)" >&2
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix "$peerdir" --no-audit --no-fund >&2 ||
		echo "keten: npm ci --prefix tests/peers failed: tests/browser/run will skip mermaid-cli" >&2
	return 0
}
if [ -z "$need" ]; then
	[ "$kind" = browser ] && peers
	exit 0
fi
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
if have apt-get && { [ -z "$sudo" ] || have sudo; }; then
	echo "keten: installing:$need" >&2
	# shellcheck disable=SC2086 # need is a list of package names
	$sudo apt-get update -qq >&2 &&
		$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >&2 && {
		[ "$kind" = browser ] && peers
		exit 0
	}
fi
echo "keten: missing:$need (install them and run make again)" >&2
exit 1
