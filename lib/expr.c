/* expr: the filter expression language of keten filter and of model norms.
 *
 * An expression is parsed once into a small tree held in arrays (nodes, their children,
 * the constant values), and evaluated on each row without allocating.  Constants are
 * classified when they are parsed (number, ISO date or string), so a comparison with a
 * string constant never tries to read the field as a number or a date; regular
 * expressions are compiled once.  The grammar and the comparison rules are documented
 * in keten-filter(1):
 *
 *	expr    := and { "or" and }
 *	and     := unary { "and" unary }
 *	unary   := "not" unary | primary
 *	primary := "(" expr ")" | "empty" "(" NAME ")"
 *	         | NAME OP VALUE | NAME ["not"] "in" "(" VALUE { "," VALUE } ")"
 *	OP      := "=" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "~" | "!~"
 */
#include "expr.h"

#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "i18n.h"

/* Parentheses and "not" may nest this deep; deeper is an error, so that neither the
 * parser nor the evaluator can run out of stack on hostile input. */
#define MAX_DEPTH 64

enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_RE, OP_NRE };
enum kind { N_OR, N_AND, N_NOT, N_CMP, N_IN, N_NOTIN, N_EMPTY };
enum vtype { V_STR, V_NUM, V_DATE };

struct val {
	const char *s;
	size_t n;
	int type;
	double num;
	kday day;
	int32_t ms; /* a date: milliseconds after local midnight, -1 without a time */
};

struct node {
	int kind;
	int op;
	size_t k0, nk; /* children (N_OR, N_AND, N_NOT) in kids, or values in vals */
	size_t col;    /* index into names */
	regex_t *re;
};

struct expr {
	struct node *nodes;
	size_t nn, ncap;
	size_t *kids;
	size_t nkids, kcap;
	struct val *vals;
	size_t nvals, vcap;
	char **names; /* distinct column names, in order of first use */
	int *idx;     /* their indices in the bound header; -1 before binding */
	size_t nnames, namecap;
	char *buf; /* the unquoted text of names and values */
	size_t blen;
	size_t root;
};

/* Tokens. */
enum tok { T_END, T_WORD, T_QUOTED, T_LP, T_RP, T_COMMA, T_OP, T_BAD };

struct parser {
	const char *s;
	size_t len, pos;
	struct expr *e;
	char *err;
	int depth;
	/* The current token: its kind, where it starts, its raw length, its operator. */
	int tok;
	size_t tpos, tlen;
	int op;
};

/* Bytes that end a bare word. */
static int is_delim(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
	       c == '(' || c == ')' || c == ',' || c == '=' || c == '!' || c == '<' || c == '>' ||
	       c == '~' || c == '\'' || c == '"' || c == '\0';
}

static int fail(struct parser *p, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records the first error, with the character (counted from 1) where it was found. */
static int fail(struct parser *p, size_t at, const char *fmt, ...)
{
	va_list ap;
	char msg[256];
	size_t n;

	if (p->err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	n = strlen(msg) + 64;
	p->err = xmalloc(n);
	snprintf(p->err, n, _("at character %zu: %s"), at + 1, msg);
	return -1;
}

/* Reads the next token at p->pos. */
static void lex(struct parser *p)
{
	const char *s = p->s;
	size_t i = p->pos;

	while (i < p->len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
			      s[i] == '\f' || s[i] == '\v'))
		i++;
	p->tpos = i;
	if (i >= p->len) {
		p->tok = T_END;
		p->tlen = 0;
		p->pos = i;
		return;
	}
	switch (s[i]) {
	case '(':
		p->tok = T_LP;
		p->tlen = 1;
		break;
	case ')':
		p->tok = T_RP;
		p->tlen = 1;
		break;
	case ',':
		p->tok = T_COMMA;
		p->tlen = 1;
		break;
	case '=':
		p->tok = T_OP;
		p->op = OP_EQ;
		p->tlen = i + 1 < p->len && s[i + 1] == '=' ? 2 : 1;
		break;
	case '!':
		if (i + 1 < p->len && (s[i + 1] == '=' || s[i + 1] == '~')) {
			p->tok = T_OP;
			p->op = s[i + 1] == '=' ? OP_NE : OP_NRE;
			p->tlen = 2;
		} else {
			p->tok = T_BAD;
			p->tlen = 1;
		}
		break;
	case '<':
	case '>': {
		int eq = i + 1 < p->len && s[i + 1] == '=';
		p->tok = T_OP;
		p->op = s[i] == '<' ? (eq ? OP_LE : OP_LT) : (eq ? OP_GE : OP_GT);
		p->tlen = eq ? 2 : 1;
		break;
	}
	case '~':
		p->tok = T_OP;
		p->op = OP_RE;
		p->tlen = 1;
		break;
	case '\'':
	case '"': {
		/* A quote inside is written twice; an unterminated quote is T_BAD. */
		char q = s[i];
		size_t j = i + 1;

		for (;;) {
			if (j >= p->len) {
				p->tok = T_BAD;
				p->tlen = j - i;
				p->pos = j;
				return;
			}
			if (s[j] == q) {
				if (j + 1 < p->len && s[j + 1] == q) {
					j += 2;
					continue;
				}
				break;
			}
			j++;
		}
		p->tok = T_QUOTED;
		p->tlen = j + 1 - i;
		break;
	}
	default: {
		size_t j = i;
		while (j < p->len && !is_delim((unsigned char)s[j]))
			j++;
		p->tok = T_WORD;
		p->tlen = j - i;
		break;
	}
	}
	p->pos = i + p->tlen;
}

/* The token after the current one, without consuming anything. */
static int peek(struct parser *p)
{
	struct parser q = *p;
	lex(&q);
	return q.tok;
}

static int is_word(const struct parser *p, const char *w)
{
	return p->tok == T_WORD && p->tlen == strlen(w) && memcmp(p->s + p->tpos, w, p->tlen) == 0;
}

/* What the current token is, for messages: 'text' (shortened) or "the end". */
static const char *found(const struct parser *p, char *buf, size_t size)
{
	size_t n = p->tlen;
	const char *q;

	if (p->tok == T_END)
		return "the end";
	if (p->tok == T_BAD && (p->s[p->tpos] == '\'' || p->s[p->tpos] == '"'))
		return "an unterminated quote";
	/* A quoted token shows its own quotes. */
	q = p->tok == T_QUOTED ? "" : "'";
	if (n > 32)
		snprintf(buf, size, "%s%.32s...%s", q, p->s + p->tpos, q);
	else
		snprintf(buf, size, "%s%.*s%s", q, (int)n, p->s + p->tpos, q);
	return buf;
}

/* Copies the text of the current word or quoted token, unquoted, into e->buf. */
static const char *token_text(struct parser *p, size_t *len)
{
	struct expr *e = p->e;
	char *out = e->buf + e->blen;
	const char *s = p->s + p->tpos;
	size_t n = 0, i;

	if (p->tok == T_WORD) {
		memcpy(out, s, p->tlen);
		n = p->tlen;
	} else {
		char q = s[0];
		for (i = 1; i + 1 < p->tlen; i++) {
			out[n++] = s[i];
			if (s[i] == q)
				i++;
		}
	}
	out[n] = '\0';
	e->blen += n + 1;
	*len = n;
	return out;
}

static size_t new_node(struct expr *e, int kind)
{
	xgrow(&e->nodes, &e->ncap, e->nn + 1, sizeof *e->nodes);
	memset(&e->nodes[e->nn], 0, sizeof *e->nodes);
	e->nodes[e->nn].kind = kind;
	return e->nn++;
}

static size_t add_name(struct expr *e, const char *s)
{
	size_t i;

	for (i = 0; i < e->nnames; i++)
		if (strcmp(e->names[i], s) == 0)
			return i;
	if (e->nnames == e->namecap) {
		size_t cap = e->namecap;
		xgrow(&e->idx, &cap, e->nnames + 1, sizeof *e->idx);
		xgrow(&e->names, &e->namecap, e->nnames + 1, sizeof *e->names);
	}
	e->names[e->nnames] = xstrdup(s);
	e->idx[e->nnames] = -1;
	return e->nnames++;
}

/* Parses a decimal number: an optional sign, digits with an optional fraction (at least
 * one digit in all), nothing else.  Our own code, so that no locale can change it. */
static int parse_num(const char *s, size_t n, double *out)
{
	static const double p10[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
				      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
				      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	size_t i = 0;
	int neg = 0, digits = 0;
	long exp10 = 0;
	uint64_t m = 0;
	double v;

	if (n && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i++;
	}
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
		/* Digits past the nineteenth only scale the number. */
		if (m < UINT64_C(1000000000000000000))
			m = m * 10 + (uint64_t)(s[i] - '0');
		else
			exp10++;
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
			if (m < UINT64_C(1000000000000000000)) {
				m = m * 10 + (uint64_t)(s[i] - '0');
				exp10--;
			}
		}
	}
	if (!digits || i != n)
		return -1;
	/* Dividing an exact integer by an exact power of ten rounds once, so equal decimals
	 * (1.50 and 1.5) give equal doubles. */
	v = (double)m;
	if (m == 0) {
		v = 0;
	} else if (exp10 < 0) {
		while (exp10 < -22 && v != 0) {
			v /= 1e22;
			exp10 += 22;
		}
		if (exp10 >= -22)
			v /= p10[-exp10];
	} else {
		while (exp10 > 22 && v < 1e300) {
			v *= 1e22;
			exp10 -= 22;
		}
		if (exp10 <= 22)
			v *= p10[exp10];
	}
	*out = neg ? -v : v;
	return 0;
}

/* Reads the current token as a value into e->vals, classifying it once. */
static int take_value(struct parser *p, const char *after)
{
	struct expr *e = p->e;
	struct val *v;
	char fb[48];
	int off;

	if (p->tok != T_WORD && p->tok != T_QUOTED)
		return fail(p, p->tpos, "expected a value after %s, found %s", after,
			    found(p, fb, sizeof fb));
	xgrow(&e->vals, &e->vcap, e->nvals + 1, sizeof *e->vals);
	v = &e->vals[e->nvals++];
	memset(v, 0, sizeof *v);
	v->s = token_text(p, &v->n);
	if (parse_num(v->s, v->n, &v->num) == 0)
		v->type = V_NUM;
	else if (date_parse_time(v->s, v->n, &v->day, &v->ms, &off) == 0)
		v->type = V_DATE;
	else
		v->type = V_STR;
	return 0;
}

/* The size of a regular expression once the C library has copied the operand of each
 * "+" and each interval {m,n} as often as the repetition asks: glibc builds such copies,
 * so "(a{99}){99}" costs memory and time exponential in its length.  Returns that size
 * (capped at just over REGEX_MAX), -1 when the parentheses nest deeper than MAX_DEPTH,
 * or -2 when two repetition operators follow each other ("a*+", "a?{2}"): POSIX leaves
 * their meaning undefined, and glibc can take minutes to compile a dozen of them.
 * Malformed patterns are left to regcomp to report. */
#define REGEX_MAX 10000

/* "{" followed by a digit or a comma begins an interval ({,n} is {0,n} to glibc). */
static int opens_interval(const char *s, size_t i, size_t n)
{
	return s[i] == '{' && i + 1 < n &&
	       ((s[i + 1] >= '0' && s[i + 1] <= '9') || s[i + 1] == ',');
}

static double regex_size(const char *s)
{
	double sum[MAX_DEPTH + 1], last[MAX_DEPTH + 1];
	int d = 0, rep = 0, was_rep;
	size_t i = 0, n = strlen(s);

	sum[0] = last[0] = 0;
	while (i < n) {
		char c = s[i];

		if (sum[d] > REGEX_MAX)
			return sum[d];
		was_rep = rep;
		rep = c == '*' || c == '?' || c == '+' || opens_interval(s, i, n);
		if (rep && was_rep)
			return -2;
		if (c == '(') {
			if (++d > MAX_DEPTH)
				return -1;
			sum[d] = last[d] = 0;
			i++;
		} else if (c == ')' && d > 0) {
			double g = sum[d] > 1 ? sum[d] : 1;
			d--;
			sum[d] += g;
			last[d] = g;
			i++;
		} else if (c == '|') {
			last[d] = 0;
			i++;
		} else if (c == '*' || c == '?') {
			i++;
		} else if (c == '+') {
			sum[d] += last[d];
			last[d] *= 2;
			i++;
		} else if (opens_interval(s, i, n)) {
			double k = 0, m;
			i++;
			while (i < n && s[i] >= '0' && s[i] <= '9' && k < 1e9)
				k = k * 10 + (s[i++] - '0');
			m = k;
			if (i < n && s[i] == ',') {
				i++;
				m = k + 1;
				if (i < n && s[i] >= '0' && s[i] <= '9')
					for (m = 0; i < n && s[i] >= '0' && s[i] <= '9' && m < 1e9;)
						m = m * 10 + (s[i++] - '0');
			}
			if (m < k)
				m = k;
			if (m < 1)
				m = 1;
			sum[d] += last[d] * (m - 1);
			last[d] *= m;
			while (i < n && s[i] != '}')
				i++;
			i++;
		} else if (c == '[') {
			/* A bracket expression is one atom; "]" first in it is a member. */
			i++;
			if (i < n && s[i] == '^')
				i++;
			if (i < n && s[i] == ']')
				i++;
			while (i < n && s[i] != ']') {
				if (s[i] == '[' && i + 1 < n &&
				    (s[i + 1] == ':' || s[i + 1] == '=' || s[i + 1] == '.')) {
					char close[3] = { s[i + 1], ']', '\0' };
					const char *end = strstr(s + i + 2, close);
					i = end ? (size_t)(end - s) + 2 : n;
				} else {
					i++;
				}
			}
			i++;
			sum[d] += 1;
			last[d] = 1;
		} else {
			i += c == '\\' ? 2 : 1;
			sum[d] += 1;
			last[d] = 1;
		}
	}
	while (d > 0) {
		double g = sum[d];
		d--;
		sum[d] += g;
	}
	return sum[0];
}

static const char *op_name(int op)
{
	static const char *const names[] = { "=", "!=", "<", "<=", ">", ">=", "~", "!~" };
	return names[op];
}

static int parse_or(struct parser *p, size_t *out);

static int parse_primary(struct parser *p, size_t *out)
{
	struct expr *e = p->e;
	char fb[48];
	const char *name;
	size_t n, nd, col;

	if (p->tok == T_LP) {
		if (++p->depth > MAX_DEPTH)
			return fail(p, p->tpos, "nested more than %d deep", MAX_DEPTH);
		lex(p);
		if (parse_or(p, out) < 0)
			return -1;
		if (p->tok != T_RP)
			return fail(p, p->tpos, "expected ')', found %s", found(p, fb, sizeof fb));
		p->depth--;
		lex(p);
		return 0;
	}
	if (is_word(p, "empty") && peek(p) == T_LP) {
		size_t at;
		lex(p);
		lex(p);
		if (p->tok != T_WORD && p->tok != T_QUOTED)
			return fail(p, p->tpos, "expected a column name in empty(), found %s",
				    found(p, fb, sizeof fb));
		name = token_text(p, &n);
		col = add_name(e, name);
		lex(p);
		at = p->tpos;
		if (p->tok != T_RP)
			return fail(p, at, "expected ')' after the column of empty(), found %s",
				    found(p, fb, sizeof fb));
		lex(p);
		nd = new_node(e, N_EMPTY);
		e->nodes[nd].col = col;
		*out = nd;
		return 0;
	}
	if (p->tok != T_WORD && p->tok != T_QUOTED)
		return fail(p, p->tpos, "expected a column name, found %s",
			    found(p, fb, sizeof fb));
	name = token_text(p, &n);
	col = add_name(e, name);
	lex(p);

	if (is_word(p, "in") || (is_word(p, "not") && peek(p) == T_WORD)) {
		int kind = N_IN;
		size_t v0;

		if (is_word(p, "not")) {
			kind = N_NOTIN;
			lex(p);
			if (!is_word(p, "in"))
				return fail(p, p->tpos, "expected 'in' after 'not', found %s",
					    found(p, fb, sizeof fb));
		}
		lex(p);
		if (p->tok != T_LP)
			return fail(p, p->tpos, "expected '(' after 'in', found %s",
				    found(p, fb, sizeof fb));
		lex(p);
		v0 = e->nvals;
		for (;;) {
			if (take_value(p, e->nvals == v0 ? "'in ('" : "','") < 0)
				return -1;
			lex(p);
			if (p->tok == T_RP)
				break;
			if (p->tok != T_COMMA)
				return fail(p, p->tpos, "expected ',' or ')' in the list, found %s",
					    found(p, fb, sizeof fb));
			lex(p);
		}
		lex(p);
		nd = new_node(e, kind);
		e->nodes[nd].col = col;
		e->nodes[nd].k0 = v0;
		e->nodes[nd].nk = e->nvals - v0;
		*out = nd;
		return 0;
	}
	if (p->tok != T_OP)
		return fail(
			p, p->tpos,
			"expected an operator (= != < <= > >= ~ !~ in) after column '%s', found %s",
			name, found(p, fb, sizeof fb));
	{
		int op = p->op;
		size_t at;
		char what[8];

		snprintf(what, sizeof what, "'%s'", op_name(op));
		lex(p);
		at = p->tpos;
		if (take_value(p, what) < 0)
			return -1;
		nd = new_node(e, N_CMP);
		e->nodes[nd].op = op;
		e->nodes[nd].col = col;
		e->nodes[nd].k0 = e->nvals - 1;
		e->nodes[nd].nk = 1;
		if (op == OP_RE || op == OP_NRE) {
			const char *pat = e->vals[e->nvals - 1].s;
			double size = regex_size(pat);
			regex_t *re;
			int rc;

			if (size == -1)
				return fail(p, at,
					    "bad regular expression: nested more than %d deep",
					    MAX_DEPTH);
			if (size == -2)
				return fail(p, at,
					    "bad regular expression: two repetition operators "
					    "in a row");
			if (size > REGEX_MAX)
				return fail(p, at,
					    "bad regular expression: its repetitions expand "
					    "to more than %d elements",
					    REGEX_MAX);
			re = xmalloc(sizeof *re);
			rc = regcomp(re, pat, REG_EXTENDED | REG_NOSUB);

			if (rc != 0) {
				char rb[128];
				regerror(rc, re, rb, sizeof rb);
				free(re);
				/* Messages here begin in lower case, the C library's do not. */
				if (rb[0] >= 'A' && rb[0] <= 'Z')
					rb[0] = (char)(rb[0] - 'A' + 'a');
				return fail(p, at, "bad regular expression: %s", rb);
			}
			e->nodes[nd].re = re;
		}
		lex(p);
	}
	*out = nd;
	return 0;
}

static int parse_unary(struct parser *p, size_t *out)
{
	struct expr *e = p->e;
	size_t kid = 0, nd;

	/* "not" followed by an operator is a column that happens to be called not. */
	if (is_word(p, "not") && peek(p) != T_OP) {
		if (++p->depth > MAX_DEPTH)
			return fail(p, p->tpos, "nested more than %d deep", MAX_DEPTH);
		lex(p);
		if (parse_unary(p, &kid) < 0)
			return -1;
		p->depth--;
		xgrow(&e->kids, &e->kcap, e->nkids + 1, sizeof *e->kids);
		e->kids[e->nkids] = kid;
		nd = new_node(e, N_NOT);
		e->nodes[nd].k0 = e->nkids++;
		e->nodes[nd].nk = 1;
		*out = nd;
		return 0;
	}
	return parse_primary(p, out);
}

/* One level of "and" or "or": operands are gathered first and their indices copied into
 * kids as one run, so a node's children are contiguous even though operands add their
 * own children while they are parsed. */
static int parse_list(struct parser *p, size_t *out, int kind)
{
	struct expr *e = p->e;
	size_t stack[16], *ops = stack, cap = 16, n = 0, kid = 0, nd;
	int rc = 0;

	for (;;) {
		rc = kind == N_OR ? parse_list(p, &kid, N_AND) : parse_unary(p, &kid);
		if (rc < 0)
			break;
		if (n == cap) {
			size_t *bigger = xreallocarray(NULL, cap * 2, sizeof *bigger);
			memcpy(bigger, ops, n * sizeof *ops);
			if (ops != stack)
				free(ops);
			ops = bigger;
			cap *= 2;
		}
		ops[n++] = kid;
		if (!is_word(p, kind == N_OR ? "or" : "and"))
			break;
		lex(p);
	}
	if (rc == 0) {
		if (n == 1) {
			*out = ops[0];
		} else {
			xgrow(&e->kids, &e->kcap, e->nkids + n, sizeof *e->kids);
			memcpy(e->kids + e->nkids, ops, n * sizeof *ops);
			nd = new_node(e, kind);
			e->nodes[nd].k0 = e->nkids;
			e->nodes[nd].nk = n;
			e->nkids += n;
			*out = nd;
		}
	}
	if (ops != stack)
		free(ops);
	return rc;
}

static int parse_or(struct parser *p, size_t *out)
{
	return parse_list(p, out, N_OR);
}

struct expr *expr_parse(const char *text, char **err)
{
	struct parser p = { 0 };
	struct expr *e = xcalloc(1, sizeof *e);
	char fb[48];

	p.s = text;
	p.len = strlen(text);
	p.e = e;
	/* Unquoted text is never longer than its source, plus a NUL per token. */
	e->buf = xmalloc(2 * p.len + 2);
	lex(&p);
	if (parse_or(&p, &e->root) == 0 && p.tok != T_END) {
		if (p.tok == T_RP)
			fail(&p, p.tpos, "unexpected ')'");
		else
			fail(&p, p.tpos, "expected 'and', 'or' or the end, found %s",
			     found(&p, fb, sizeof fb));
	}
	if (p.err) {
		expr_free(e);
		*err = p.err;
		return NULL;
	}
	return e;
}

int expr_bind(struct expr *e, const struct csv_row *hdr, char **err)
{
	size_t i, j, len;

	for (i = 0; i < e->nnames; i++) {
		e->idx[i] = -1;
		for (j = 0; j < hdr->n; j++)
			if (strcmp(hdr->f[j], e->names[i]) == 0) {
				e->idx[i] = (int)j;
				break;
			}
		if (e->idx[i] >= 0)
			continue;
		len = strlen(e->names[i]) + 32;
		for (j = 0; j < hdr->n; j++)
			len += hdr->len[j] + 2;
		*err = xmalloc(len);
		len = (size_t)sprintf(*err, "no column '%s' (columns: ", e->names[i]);
		for (j = 0; j < hdr->n; j++) {
			if (j) {
				memcpy(*err + len, ", ", 2);
				len += 2;
			}
			memcpy(*err + len, hdr->f[j], hdr->len[j]);
			len += hdr->len[j];
		}
		memcpy(*err + len, ")", 2);
		return -1;
	}
	return 0;
}

/* Orders a field against a constant by the rules of keten-filter(1): as numbers when
 * both are numbers, as dates when both are ISO dates (by day alone when either has no
 * time), else as bytes. */
static int compare(const char *f, size_t n, const struct val *v)
{
	int c;

	if (v->type == V_NUM) {
		double x;
		if (parse_num(f, n, &x) == 0)
			return (x > v->num) - (x < v->num);
	} else if (v->type == V_DATE) {
		kday d;
		int32_t ms;
		int off;
		if (date_parse_time(f, n, &d, &ms, &off) == 0) {
			if (d != v->day)
				return d < v->day ? -1 : 1;
			if (ms < 0 || v->ms < 0)
				return 0;
			return (ms > v->ms) - (ms < v->ms);
		}
	}
	c = memcmp(f, v->s, n < v->n ? n : v->n);
	if (c)
		return c < 0 ? -1 : 1;
	return (n > v->n) - (n < v->n);
}

static int equal(const char *f, size_t n, const struct val *v)
{
	if (v->type == V_STR)
		return n == v->n && memcmp(f, v->s, n) == 0;
	return compare(f, n, v) == 0;
}

static int eval(const struct expr *e, size_t i, const struct csv_row *row)
{
	const struct node *nd = &e->nodes[i];
	const char *f = "";
	size_t n = 0, k;
	int c;

	switch (nd->kind) {
	case N_OR:
		for (k = 0; k < nd->nk; k++)
			if (eval(e, e->kids[nd->k0 + k], row))
				return 1;
		return 0;
	case N_AND:
		for (k = 0; k < nd->nk; k++)
			if (!eval(e, e->kids[nd->k0 + k], row))
				return 0;
		return 1;
	case N_NOT:
		return !eval(e, e->kids[nd->k0], row);
	default:
		break;
	}
	/* A short row (possible only with ragged input) reads as empty fields. */
	if (e->idx[nd->col] >= 0 && (size_t)e->idx[nd->col] < row->n) {
		f = row->f[e->idx[nd->col]];
		n = row->len[e->idx[nd->col]];
	}
	switch (nd->kind) {
	case N_EMPTY:
		return n == 0;
	case N_IN:
	case N_NOTIN:
		for (k = 0; k < nd->nk; k++)
			if (equal(f, n, &e->vals[nd->k0 + k]))
				return nd->kind == N_IN;
		return nd->kind == N_NOTIN;
	default:
		break;
	}
	switch (nd->op) {
	case OP_EQ:
		return equal(f, n, &e->vals[nd->k0]);
	case OP_NE:
		return !equal(f, n, &e->vals[nd->k0]);
	case OP_RE:
		return regexec(nd->re, f, 0, NULL, 0) == 0;
	case OP_NRE:
		return regexec(nd->re, f, 0, NULL, 0) != 0;
	default:
		break;
	}
	c = compare(f, n, &e->vals[nd->k0]);
	switch (nd->op) {
	case OP_LT:
		return c < 0;
	case OP_LE:
		return c <= 0;
	case OP_GT:
		return c > 0;
	default:
		return c >= 0;
	}
}

int expr_eval(const struct expr *e, const struct csv_row *row)
{
	return eval(e, e->root, row);
}

void expr_free(struct expr *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->nn; i++)
		if (e->nodes[i].re) {
			regfree(e->nodes[i].re);
			free(e->nodes[i].re);
		}
	for (i = 0; i < e->nnames; i++)
		free(e->names[i]);
	free(e->names);
	free(e->idx);
	free(e->nodes);
	free(e->kids);
	free(e->vals);
	free(e->buf);
	free(e);
}
