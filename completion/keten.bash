# bash completion for keten (keten(1), COMPLETION): the verbs from the list that `keten`
# prints, the options of each verb from its --help, so that the completion follows the
# commands as they are and cannot drift from them.  `make install` puts it where
# bash-completion finds it; to try it in a shell: . completion/keten.bash

# The --help of each verb, read once per shell.  -g: bash-completion sources this file
# inside a function.
declare -gA _keten_help_text

_keten_verbs()
{
	keten 2>/dev/null | sed -n '/^verbs:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

_keten_help()
{
	if [[ -z ${_keten_help_text[$1]+set} ]]; then
		_keten_help_text[$1]=$(keten "$1" --help 2>/dev/null)
	fi
	printf '%s\n' "${_keten_help_text[$1]}"
}

# The options of verb $1: its --help's "-x, --word" and "--word", and --lang, which every
# command takes.
_keten_options()
{
	_keten_help "$1" | sed -n 's/^  -\(.\), --\([^ ]*\).*/-\1 --\2/p; s/^      --\([^ ]*\).*/--\1/p'
	echo --lang
}

_keten_option_words()
{
	_keten_options "$1" | tr " " "\n" | sort -u
}

# The formats of verb $1, from its --help line "-f, --format FORMAT  text (default), md or
# html".
_keten_formats()
{
	_keten_help "$1" | sed -n 's/^  -f, --format FORMAT *//p' |
		sed 's/ (default)//; s/,/ /g; s/ or / /g'
}

_keten_reply()
{
	mapfile -t COMPREPLY < <(compgen "$@")
}

_keten()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev='' verb
	COMPREPLY=()
	if ((COMP_CWORD > 0)); then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
	fi
	if ((COMP_CWORD == 1)); then
		_keten_reply -W "$(_keten_verbs) help" -- "$cur"
		return 0
	fi
	verb=${COMP_WORDS[1]}
	if [[ $verb == help ]]; then
		if ((COMP_CWORD == 2)); then
			_keten_reply -W "$(_keten_verbs)" -- "$cur"
		fi
		return 0
	fi
	case $prev in
	--lang)
		_keten_reply -W "en nl" -- "$cur"
		return 0
		;;
	-u | --unit)
		_keten_reply -W "days workdays hours" -- "$cur"
		return 0
		;;
	--ties)
		_keten_reply -W "input model" -- "$cur"
		return 0
		;;
	-f | --format)
		_keten_reply -W "$(_keten_formats "$verb")" -- "$cur"
		return 0
		;;
	esac
	if [[ $cur == -* ]]; then
		_keten_reply -W "$(_keten_option_words "$verb")" -- "$cur"
		return 0
	fi
	_keten_reply -f -- "$cur"
}

complete -o filenames -F _keten keten
