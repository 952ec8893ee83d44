/*
 * _fastscan: the hot loop of the SIE 4 summary fast path, in C.
 *
 * A Scanner is fed blocks of whole lines (bytes). It handles, in C, every line that
 * belongs to vouchers (#VER, '{', '}', #TRANS, #RTRANS, #BTRANS, unknown records inside
 * a voucher block) and blank lines, and returns the other lines (the records outside
 * vouchers: #FNAMN, #RAR, #OBJEKT, #PBUDGET ...) for Python to handle.
 *
 * It sums the counted rows on result accounts (3000-8999) per (month of the #VER date,
 * object of `dim`, object of `detail_dim`, account class). On anything it is not sure
 * matches the reference reader (parser.SieReader) it raises Bail, and the caller hands
 * the whole file to the full reader, which gives the exact answer or the error with its
 * line number. Tokenizing follows parser.tokenize, on bytes: the separators and the
 * quote, backslash and brace characters are ASCII, which neither codepage 437 nor UTF-8
 * multi-byte sequences use for other characters.
 *
 * Object ids are kept as raw bytes; Python decodes them with the detected encoding.
 *
 * Lines are numbered (as the full reader numbers them), so the records returned to Python
 * carry their line number for warnings. The earliest and the latest voucher date are kept,
 * so Python can hand a file with vouchers outside the fiscal year to the full reader.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static PyObject *BailError;
static PyObject *LimitError; /* more sums than max_rows: the caller refuses the file */

/* ---------------------------------------------------------------------------------- */
/* Character classes (parser._WS is " \t\r\n\f\v")                                    */

#define C_WS 1
#define C_BRACE 2
static unsigned char ctab[256];

static void
init_ctab(void)
{
    const char *ws = " \t\r\n\f\v";
    for (; *ws; ws++)
        ctab[(unsigned char)*ws] = C_WS;
    ctab['{'] = C_BRACE;
    ctab['}'] = C_BRACE;
}

#define IS_WS(c) (ctab[(unsigned char)(c)] == C_WS)
#define IS_DELIM(c) (ctab[(unsigned char)(c)] != 0)
#define IS_DIGIT(c) ((unsigned char)((c) - '0') < 10)

/* ---------------------------------------------------------------------------------- */
/* Tokenizer: the semantics of parser.tokenize (regex _TOKEN_RE)                      */

enum { T_WORD = 1, T_QUOTED, T_LBRACE, T_RBRACE };

typedef struct {
    const char *p; /* raw content (without the quotes for T_QUOTED) */
    Py_ssize_t n;
    int kind;
    int esc; /* T_QUOTED holding a backslash: the value differs from the raw bytes */
} Tok;

#define MAXTOK 64

/* Tokenize [s, e). Stores at most `max` tokens and returns how many there are (which may
 * exceed max), or -1 where parser.tokenize raises ValueError (unclosed quote, nested or
 * unmatched brace, unclosed object list). */
static Py_ssize_t
tokenize(const char *s, const char *e, Tok *t, Py_ssize_t max)
{
    Py_ssize_t n = 0;
    int depth = 0;
    while (s < e) {
        unsigned char c = (unsigned char)*s;
        Tok tk;
        if (IS_WS(c)) {
            s++;
            continue;
        }
        tk.esc = 0;
        if (c == '{') {
            if (depth)
                return -1;
            depth = 1;
            tk.kind = T_LBRACE;
            tk.p = s;
            tk.n = 1;
            s++;
        }
        else if (c == '}') {
            if (!depth)
                return -1;
            depth = 0;
            tk.kind = T_RBRACE;
            tk.p = s;
            tk.n = 1;
            s++;
        }
        else if (c == '"') {
            /* "([^"\\]*(?:\\.[^"\\]*)*)": a backslash takes the next character along */
            const char *q = memchr(s + 1, '"', (size_t)(e - s - 1));
            if (q != NULL && memchr(s + 1, '\\', (size_t)(q - s - 1)) == NULL) {
                /* the common case: no backslash before the closing quote */
                tk.kind = T_QUOTED;
                tk.p = s + 1;
                tk.n = q - (s + 1);
                s = q + 1;
                goto store;
            }
            q = s + 1;
            for (;;) {
                if (q >= e)
                    return -1;
                if (*q == '\\') {
                    if (q + 1 >= e)
                        return -1;
                    tk.esc = 1;
                    q += 2;
                }
                else if (*q == '"') {
                    break;
                }
                else {
                    q++;
                }
            }
            tk.kind = T_QUOTED;
            tk.p = s + 1;
            tk.n = q - (s + 1);
            s = q + 1;
        }
        else {
            /* a bare word runs to whitespace or a brace; it may hold '"' after its start */
            const char *q = s + 1;
            while (q < e && !IS_DELIM(*q))
                q++;
            tk.kind = T_WORD;
            tk.p = s;
            tk.n = q - s;
            s = q;
        }
    store:
        if (n < max)
            t[n] = tk;
        n++;
    }
    if (depth)
        return -1;
    return n;
}

/* The value of a string token: only \" is unescaped (str.replace('\\"', '"')).
 * Writes into buf (capacity cap) when needed; returns the length or -1 if too long. */
static Py_ssize_t
tok_value(const Tok *t, char *buf, Py_ssize_t cap, const char **out)
{
    Py_ssize_t i, n = 0;
    if (!t->esc) {
        *out = t->p;
        return t->n;
    }
    if (t->n > cap)
        return -1;
    for (i = 0; i < t->n; i++) {
        if (t->p[i] == '\\' && i + 1 < t->n && t->p[i + 1] == '"') {
            buf[n++] = '"';
            i++;
        }
        else {
            buf[n++] = t->p[i];
        }
    }
    *out = buf;
    return n;
}

#define IS_STR(t) ((t)->kind == T_WORD || (t)->kind == T_QUOTED)

/* 1 when two tokens are equal as parser.tokenize items, 0 when not, -1 when unsure */
static int
tok_eq(const Tok *a, const Tok *b)
{
    char ba[512], bb[512];
    const char *va, *vb;
    Py_ssize_t na, nb;
    if (!IS_STR(a) || !IS_STR(b))
        return a->kind == b->kind;
    if (!a->esc && !b->esc)
        return a->n == b->n && memcmp(a->p, b->p, (size_t)a->n) == 0;
    na = tok_value(a, ba, sizeof ba, &va);
    nb = tok_value(b, bb, sizeof bb, &vb);
    if (na < 0 || nb < 0)
        return -1;
    return na == nb && memcmp(va, vb, (size_t)na) == 0;
}

/* ---------------------------------------------------------------------------------- */
/* Values                                                                             */

static int
all_digits(const char *p, Py_ssize_t n)
{
    Py_ssize_t i;
    if (n <= 0)
        return 0;
    for (i = 0; i < n; i++)
        if (!IS_DIGIT(p[i]))
            return 0;
    return 1;
}

/* YYYYMMDD, a real calendar date (datetime.date accepts it); sets *yyyymm and *ymd */
static int
valid_date(const char *p, Py_ssize_t n, int *yyyymm, int *ymd)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d, md;
    if (n != 8 || !all_digits(p, 8))
        return 0;
    y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    m = (p[4] - '0') * 10 + (p[5] - '0');
    d = (p[6] - '0') * 10 + (p[7] - '0');
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return 0;
    md = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        md = 29;
    if (d > md)
        return 0;
    if (yyyymm)
        *yyyymm = y * 100 + m;
    if (ymd)
        *ymd = (y * 100 + m) * 100 + d;
    return 1;
}

/* The most digits before the decimal point (parser.MAX_AMOUNT_DIGITS): more is an error of
 * the full reader */
#define MAX_AMOUNT_DIGITS 14

/* -?[0-9]+(\.[0-9]{1,2})? into öre; anything else (which parse_ore may or may not
 * accept: "+5", "1_0", ".5") and amounts of more than MAX_AMOUNT_DIGITS digits return 0
 * and the caller bails */
static int
parse_amount(const char *p, Py_ssize_t n, int64_t *out)
{
    int neg = 0;
    Py_ssize_t i = 0, f;
    int64_t v = 0, frac = 0;
    if (n > 0 && p[0] == '-') {
        neg = 1;
        p++;
        n--;
    }
    while (i < n && IS_DIGIT(p[i])) {
        if (i >= MAX_AMOUNT_DIGITS)
            return 0;
        v = v * 10 + (p[i] - '0');
        i++;
    }
    if (i == 0)
        return 0;
    if (i < n) {
        if (p[i] != '.')
            return 0;
        f = n - i - 1;
        if (f == 1 && IS_DIGIT(p[i + 1]))
            frac = (p[i + 1] - '0') * 10;
        else if (f == 2 && IS_DIGIT(p[i + 1]) && IS_DIGIT(p[i + 2]))
            frac = (p[i + 1] - '0') * 10 + (p[i + 2] - '0');
        else
            return 0;
    }
    v = v * 100 + frac;
    *out = neg ? -v : v;
    return 1;
}

/* A plain decimal that decimal.Decimal surely accepts: [+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+) */
static int
plain_decimal(const char *p, Py_ssize_t n)
{
    Py_ssize_t i = 0, d = 0;
    if (n > 0 && (p[0] == '-' || p[0] == '+'))
        i++;
    while (i < n && IS_DIGIT(p[i])) {
        i++;
        d++;
    }
    if (i < n && p[i] == '.') {
        i++;
        while (i < n && IS_DIGIT(p[i])) {
            i++;
            d++;
        }
    }
    return i == n && d > 0;
}

/* ---------------------------------------------------------------------------------- */
/* Hashing and tables                                                                 */

static uint64_t
hash_bytes(const char *p, Py_ssize_t n, uint64_t seed)
{
    uint64_t h = seed ^ ((uint64_t)n * 0x9E3779B97F4A7C15ull);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
        p += 8;
        n -= 8;
    }
    if (n > 0) {
        uint64_t w = 0;
        memcpy(&w, p, (size_t)n);
        h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
        h ^= h >> 29;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

static uint64_t
mix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ull;
    k ^= k >> 33;
    return k;
}

/* Row heads: the bytes after the tag up to the object list's '}' -> key id (-1: a
 * balance-sheet account). A cache: cleared when it grows past HEAD_LIMIT. */
typedef struct {
    uint64_t h;
    char *p; /* NULL: empty slot */
    Py_ssize_t n;
    int32_t key;
} HeadEnt;

#define HEAD_LIMIT (1 << 17)

/* The distinct (object, detail object, class) keys */
typedef struct {
    uint64_t h;
    char *obj;
    Py_ssize_t on;
    char *det;
    Py_ssize_t dn;
    char cls;
} Key;

/* Sums per (yyyymm << 32 | key id) */
typedef struct {
    uint64_t k; /* SUM_EMPTY: empty slot */
    int64_t v;
} SumEnt;

#define SUM_EMPTY UINT64_MAX

typedef struct {
    PyObject_HEAD
    char *dim;
    Py_ssize_t dimlen;
    char *ddim;
    Py_ssize_t ddimlen;
    int has_ddim;
    int state; /* 0 outside, 1 after #VER, 2 in its block, 3 in the block after #RTRANS */
    int month; /* yyyymm of the current #VER */
    int first, last; /* the earliest and the latest verdatum, yyyymmdd (0: no voucher yet) */
    long long line_no; /* the number of the line being handled */
    long long max_rows; /* the most distinct sums (rows an import stores); 0: no limit */
    int failed;
    int64_t bal;
    uint64_t okdate; /* the 8 bytes of the last transdat found valid (0: none) */
    long long vouchers, transactions;
    int utf8_ok, non_ascii; /* the lines so far are valid UTF-8; they hold non-ASCII */
    char *carry; /* the start of a line whose end is in the next block */
    Py_ssize_t clen, ccap;
    char *pending; /* the stripped fields after the tag of the last #RTRANS */
    Py_ssize_t plen, pcap;
    HeadEnt *heads;
    size_t hcap, hused;
    Key *keys;
    size_t nkeys, kcap;
    int32_t *kidx;
    size_t kicap;
    SumEnt *sums;
    size_t scap, sused;
} Scanner;

/* -- heads -- */

static void
heads_clear(Scanner *S)
{
    size_t i;
    if (!S->heads)
        return;
    for (i = 0; i < S->hcap; i++) {
        free(S->heads[i].p);
        S->heads[i].p = NULL;
    }
    S->hused = 0;
}

static HeadEnt *
heads_find(Scanner *S, uint64_t h, const char *p, Py_ssize_t n)
{
    size_t mask = S->hcap - 1, i = (size_t)h & mask;
    for (;;) {
        HeadEnt *e = &S->heads[i];
        if (e->p == NULL)
            return e;
        if (e->h == h && e->n == n && memcmp(e->p, p, (size_t)n) == 0)
            return e;
        i = (i + 1) & mask;
    }
}

static int
heads_insert(Scanner *S, const char *p, Py_ssize_t n, int32_t key)
{
    uint64_t h;
    HeadEnt *e;
    char *copy;
    if (S->hused >= HEAD_LIMIT)
        heads_clear(S);
    if ((S->hused + 1) * 2 > S->hcap) {
        size_t ncap = S->hcap ? S->hcap * 2 : 1024, i;
        HeadEnt *old = S->heads, *nh = calloc(ncap, sizeof(HeadEnt));
        size_t ocap = S->hcap;
        if (!nh) {
            PyErr_NoMemory();
            return -1;
        }
        S->heads = nh;
        S->hcap = ncap;
        for (i = 0; i < ocap; i++) {
            if (old[i].p) {
                HeadEnt *d = heads_find(S, old[i].h, old[i].p, old[i].n);
                *d = old[i];
            }
        }
        free(old);
    }
    h = hash_bytes(p, n, 0);
    e = heads_find(S, h, p, n);
    if (e->p != NULL)
        return 0;
    copy = malloc((size_t)n + 1);
    if (!copy) {
        PyErr_NoMemory();
        return -1;
    }
    memcpy(copy, p, (size_t)n);
    e->h = h;
    e->p = copy;
    e->n = n;
    e->key = key;
    S->hused++;
    return 0;
}

/* -- keys -- */

static int32_t
key_get(Scanner *S, const char *obj, Py_ssize_t on, const char *det, Py_ssize_t dn,
        char cls)
{
    uint64_t h = hash_bytes(obj, on, 1) ^ mix64(hash_bytes(det, dn, 2) + (unsigned char)cls);
    size_t mask, i;
    Key *k;
    if ((S->nkeys + 1) * 2 > S->kicap) {
        size_t ncap = S->kicap ? S->kicap * 2 : 1024, j;
        int32_t *ni = malloc(ncap * sizeof(int32_t));
        if (!ni) {
            PyErr_NoMemory();
            return -2;
        }
        for (j = 0; j < ncap; j++)
            ni[j] = -1;
        for (j = 0; j < S->nkeys; j++) {
            size_t m = ncap - 1, x = (size_t)S->keys[j].h & m;
            while (ni[x] >= 0)
                x = (x + 1) & m;
            ni[x] = (int32_t)j;
        }
        free(S->kidx);
        S->kidx = ni;
        S->kicap = ncap;
    }
    mask = S->kicap - 1;
    i = (size_t)h & mask;
    while (S->kidx[i] >= 0) {
        k = &S->keys[S->kidx[i]];
        if (k->h == h && k->cls == cls && k->on == on && k->dn == dn &&
            memcmp(k->obj, obj, (size_t)on) == 0 && memcmp(k->det, det, (size_t)dn) == 0)
            return S->kidx[i];
        i = (i + 1) & mask;
    }
    if (S->nkeys >= 0x7ffffff0) {
        PyErr_SetString(BailError, "too many keys");
        return -2;
    }
    if (S->nkeys == S->kcap) {
        size_t ncap = S->kcap ? S->kcap * 2 : 256;
        Key *nk = realloc(S->keys, ncap * sizeof(Key));
        if (!nk) {
            PyErr_NoMemory();
            return -2;
        }
        S->keys = nk;
        S->kcap = ncap;
    }
    k = &S->keys[S->nkeys];
    k->obj = malloc((size_t)on + (size_t)dn + 1);
    if (!k->obj) {
        PyErr_NoMemory();
        return -2;
    }
    memcpy(k->obj, obj, (size_t)on);
    k->det = k->obj + on;
    memcpy(k->det, det, (size_t)dn);
    k->on = on;
    k->dn = dn;
    k->cls = cls;
    k->h = h;
    S->kidx[i] = (int32_t)S->nkeys;
    return (int32_t)S->nkeys++;
}

/* -- sums -- */

static SumEnt *
sums_find(SumEnt *tab, size_t cap, uint64_t k)
{
    size_t mask = cap - 1, i = (size_t)mix64(k) & mask;
    while (tab[i].k != SUM_EMPTY && tab[i].k != k)
        i = (i + 1) & mask;
    return &tab[i];
}

/* 0 ok, -1 error set */
static int
sums_add(Scanner *S, int32_t key, int64_t v)
{
    uint64_t k = ((uint64_t)(uint32_t)S->month << 32) | (uint32_t)key;
    SumEnt *e;
    if ((S->sused + 1) * 2 > S->scap) {
        size_t ncap = S->scap ? S->scap * 2 : 4096, i;
        SumEnt *nt = malloc(ncap * sizeof(SumEnt));
        if (!nt) {
            PyErr_NoMemory();
            return -1;
        }
        for (i = 0; i < ncap; i++)
            nt[i].k = SUM_EMPTY;
        for (i = 0; i < S->scap; i++)
            if (S->sums[i].k != SUM_EMPTY)
                *sums_find(nt, ncap, S->sums[i].k) = S->sums[i];
        free(S->sums);
        S->sums = nt;
        S->scap = ncap;
    }
    e = sums_find(S->sums, S->scap, k);
    if (e->k == SUM_EMPTY) {
        if (S->max_rows > 0 && (long long)S->sused >= S->max_rows) {
            PyErr_Format(LimitError, "more than %lld sums", S->max_rows);
            return -1;
        }
        e->k = k;
        e->v = v;
        S->sused++;
        return 0;
    }
    if (__builtin_add_overflow(e->v, v, &e->v)) {
        PyErr_SetString(BailError, "sum overflow");
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------------------------- */
/* Lines                                                                              */

#define BAIL(msg)                                                                      \
    do {                                                                               \
        PyErr_SetString(BailError, msg);                                               \
        return -1;                                                                     \
    } while (0)

/* Object-list pairs t[0..n): find the objects of dim and detail dim (first match) */
static int
find_objects(Scanner *S, const Tok *t, Py_ssize_t n, const Tok **obj, const Tok **det)
{
    Py_ssize_t i;
    char buf[256];
    *obj = NULL;
    *det = NULL;
    if (n % 2)
        BAIL("odd object list");
    for (i = 0; i < n; i += 2) {
        const char *v;
        Py_ssize_t vn = tok_value(&t[i], buf, sizeof buf, &v);
        if (vn < 0)
            BAIL("long dimension");
        if (all_digits(v, vn)) { /* _norm_dim: "01" -> "1" */
            while (vn > 1 && v[0] == '0') {
                v++;
                vn--;
            }
        }
        if (*obj == NULL && vn == S->dimlen && memcmp(v, S->dim, (size_t)vn) == 0)
            *obj = &t[i + 1];
        if (S->has_ddim && *det == NULL && vn == S->ddimlen &&
            memcmp(v, S->ddim, (size_t)vn) == 0)
            *det = &t[i + 1];
    }
    return 0;
}

/* Fields after the object list: belopp [transdat] [transtext] [kvantitet] [sign] ... */
static int
check_tail(Scanner *S, const Tok *t, Py_ssize_t n, int64_t *amount)
{
    Py_ssize_t i;
    if (n > MAXTOK)
        BAIL("many fields");
    if (n < 1)
        BAIL("no amount");
    for (i = 0; i < n; i++)
        if (!IS_STR(&t[i]))
            BAIL("object list after the amount");
    if (!parse_amount(t[0].p, t[0].n, amount))
        BAIL("amount");
    if (n > 1 && t[1].n > 0) {
        /* rows mostly repeat the voucher date: remember the last valid one */
        uint64_t w = 0;
        if (t[1].n == 8)
            memcpy(&w, t[1].p, 8);
        if (w == 0 || w != S->okdate) {
            if (!valid_date(t[1].p, t[1].n, NULL, NULL))
                BAIL("transdat");
            S->okdate = w;
        }
    }
    if (n > 3 && t[3].n > 0 && !plain_decimal(t[3].p, t[3].n))
        BAIL("quantity");
    return 0;
}

/* A #TRANS/#RTRANS/#BTRANS row; ks: just after the tag, e: end of the stripped line */
static int
do_row(Scanner *S, const char *ks, const char *e, int counted)
{
    Tok t[MAXTOK];
    Py_ssize_t n;
    int64_t v;
    int32_t key = -1;
    const char *rb = memchr(ks, '}', (size_t)(e - ks));
    HeadEnt *he = NULL;

    if (rb != NULL && S->hcap) {
        he = heads_find(S, hash_bytes(ks, rb + 1 - ks, 0), ks, rb + 1 - ks);
        if (he->p == NULL)
            he = NULL;
    }
    if (he != NULL) {
        key = he->key;
        n = tokenize(rb + 1, e, t, MAXTOK);
        if (n < 0)
            BAIL("tokens");
        if (check_tail(S, t, n, &v) < 0)
            return -1;
    }
    else {
        Py_ssize_t i = 1;
        const Tok *obj = NULL, *det = NULL;
        const char *list_end = NULL;
        n = tokenize(ks, e, t, MAXTOK);
        if (n < 0 || n > MAXTOK)
            BAIL("tokens");
        if (n < 1 || !IS_STR(&t[0]) || !all_digits(t[0].p, t[0].n))
            BAIL("account");
        if (n > 1 && t[1].kind == T_LBRACE) {
            Py_ssize_t j = 2;
            while (j < n && t[j].kind != T_RBRACE)
                j++;
            if (j >= n)
                BAIL("object list");
            if (find_objects(S, &t[2], j - 2, &obj, &det) < 0)
                return -1;
            list_end = t[j].p;
            i = j + 1;
        }
        if (check_tail(S, &t[i], n - i, &v) < 0)
            return -1;
        if (t[0].n >= 4 && t[0].p[0] >= '3' && t[0].p[0] <= '8') {
            char ob[1024], db[1024];
            const char *ov = "", *dv = "";
            Py_ssize_t on = 0, dn = 0;
            if (obj != NULL && (on = tok_value(obj, ob, sizeof ob, &ov)) < 0)
                BAIL("long object");
            if (det != NULL && (dn = tok_value(det, db, sizeof db, &dv)) < 0)
                BAIL("long object");
            key = key_get(S, ov, on, dv, dn, t[0].p[0]);
            if (key == -2)
                return -1;
        }
        if (list_end != NULL && list_end == rb) {
            if (heads_insert(S, ks, rb + 1 - ks, key) < 0)
                return -1;
        }
    }
    if (!counted)
        return 0;
    if (__builtin_add_overflow(S->bal, v, &S->bal))
        BAIL("balance overflow");
    S->transactions++;
    if (key >= 0)
        return sums_add(S, key, v);
    return 0;
}

static int
do_ver(Scanner *S, const char *s, const char *e)
{
    Tok t[MAXTOK];
    Py_ssize_t n = tokenize(s, e, t, MAXTOK), i;
    int ymd;
    if (n < 4 || n > MAXTOK)
        BAIL("#VER fields");
    for (i = 0; i < n; i++)
        if (!IS_STR(&t[i]))
            BAIL("#VER with braces");
    if (!valid_date(t[3].p, t[3].n, &S->month, &ymd))
        BAIL("verdatum");
    if (n > 5 && t[5].n > 0 && !valid_date(t[5].p, t[5].n, NULL, NULL))
        BAIL("regdatum");
    if (S->first == 0 || ymd < S->first)
        S->first = ymd;
    if (ymd > S->last)
        S->last = ymd;
    return 0;
}

/* The fields that make a row's identity (parser.row_key), in the tokens after its tag: the
 * account t[0], the object list t[*lo, *hi) (empty when omitted) and the amount t[*amt].
 * 0 ok, -1 unsure (an odd list, a missing amount ...: the caller bails) */
static int
row_parts(const Tok *t, Py_ssize_t n, Py_ssize_t *lo, Py_ssize_t *hi, Py_ssize_t *amt)
{
    if (n < 2 || !IS_STR(&t[0]))
        return -1;
    if (t[1].kind == T_LBRACE) {
        Py_ssize_t j = 2;
        while (j < n && t[j].kind != T_RBRACE)
            j++;
        if (j >= n)
            return -1;
        *lo = 2;
        *hi = j;
        *amt = j + 1;
    }
    else {
        *lo = *hi = *amt = 1;
    }
    if (*amt >= n || !IS_STR(&t[*amt]) || (*hi - *lo) % 2)
        return -1;
    return 0;
}

/* 1 when two dimension numbers are equal as parser._norm_dim makes them ("01" == "1"),
 * 0 when not, -1 when unsure */
static int
dim_eq(const Tok *a, const Tok *b)
{
    char ba[256], bb[256];
    const char *va, *vb;
    Py_ssize_t na = tok_value(a, ba, sizeof ba, &va), nb = tok_value(b, bb, sizeof bb, &vb);
    if (na < 0 || nb < 0)
        return -1;
    if (all_digits(va, na))
        while (na > 1 && va[0] == '0') {
            va++;
            na--;
        }
    if (all_digits(vb, nb))
        while (nb > 1 && vb[0] == '0') {
            vb++;
            nb--;
        }
    return na == nb && memcmp(va, vb, (size_t)na) == 0;
}

/* After an #RTRANS: whether the #TRANS whose fields are [r, e) is its copy, the row with the
 * same account, objects and amount (parser.row_key; SIE 4B #RTRANS item 6: real exports
 * write the copy with other trailing fields, e.g. Fortnox without the signature). 1 its
 * copy (its fields checked as a row's are), 0 another row, -1 unsure (the caller bails). */
static int
twin_same(Scanner *S, const char *r, const char *e)
{
    Tok a[MAXTOK], b[MAXTOK];
    Py_ssize_t na, nb, i, alo, ahi, aamt, blo, bhi, bamt;
    int64_t va, vb;
    int eq;
    if (e - r == S->plen && memcmp(r, S->pending, (size_t)S->plen) == 0)
        return 1; /* byte for byte: its fields were checked with the #RTRANS */
    na = tokenize(S->pending, S->pending + S->plen, a, MAXTOK);
    nb = tokenize(r, e, b, MAXTOK);
    if (na < 0 || nb < 0 || na > MAXTOK || nb > MAXTOK)
        return -1;
    if (row_parts(a, na, &alo, &ahi, &aamt) < 0 || row_parts(b, nb, &blo, &bhi, &bamt) < 0)
        return -1;
    if (!parse_amount(a[aamt].p, a[aamt].n, &va) || !parse_amount(b[bamt].p, b[bamt].n, &vb))
        return -1;
    eq = tok_eq(&a[0], &b[0]);
    if (eq != 1)
        return eq;
    if (ahi - alo != bhi - blo || va != vb)
        return 0;
    for (i = 0; i < ahi - alo; i += 2) {
        eq = dim_eq(&a[alo + i], &b[blo + i]);
        if (eq == 1)
            eq = tok_eq(&a[alo + i + 1], &b[blo + i + 1]);
        if (eq != 1)
            return eq;
    }
    /* the copy is skipped, but parser.parse_row still checks its fields */
    if (check_tail(S, &b[bamt], nb - bamt, &vb) < 0)
        return -1;
    return 1;
}

static int
set_pending(Scanner *S, const char *r, const char *e)
{
    Py_ssize_t n = e - r;
    if (n > S->pcap) {
        char *np = realloc(S->pending, (size_t)n);
        if (!np) {
            PyErr_NoMemory();
            return -1;
        }
        S->pending = np;
        S->pcap = n;
    }
    memcpy(S->pending, r, (size_t)n);
    S->plen = n;
    return 0;
}

#define TAG_IS(q, s, lit) ((q) - (s) == (Py_ssize_t)sizeof(lit) - 1 && memcmp(s, lit, sizeof(lit) - 1) == 0)

static int
do_line(Scanner *S, const char *s, const char *e, PyObject *other)
{
    const char *q, *r;
    S->line_no++;
    while (s < e && IS_WS(*s))
        s++;
    while (e > s && IS_WS(e[-1]))
        e--;
    if (s == e)
        return 0; /* blank: keeps a pending #RTRANS twin */
    if (*s == '{') {
        if (e - s != 1 || S->state != 1)
            BAIL("'{'");
        S->state = 2;
        return 0;
    }
    if (*s == '}') {
        if (e - s != 1 || S->state < 2 || S->bal != 0)
            BAIL("'}'");
        S->state = 0;
        S->vouchers++;
        return 0;
    }
    if (*s != '#')
        BAIL("not a #label");
    q = s + 1;
    while (q < e && !IS_DELIM(*q))
        q++;
    if (S->state == 0) {
        PyObject *b;
        int rc;
        if (TAG_IS(q, s, "#VER")) {
            if (do_ver(S, s, e) < 0)
                return -1;
            S->state = 1;
            S->bal = 0;
            return 0;
        }
        if (TAG_IS(q, s, "#TRANS") || TAG_IS(q, s, "#RTRANS") || TAG_IS(q, s, "#BTRANS"))
            BAIL("row outside a voucher");
        b = Py_BuildValue("(Ly#)", S->line_no, s, (Py_ssize_t)(e - s));
        if (b == NULL)
            return -1;
        rc = PyList_Append(other, b);
        Py_DECREF(b);
        return rc;
    }
    if (S->state == 1)
        BAIL("no '{' after #VER");
    if (TAG_IS(q, s, "#KSUMMA"))
        BAIL("#KSUMMA in a voucher"); /* the full reader verifies checksums */
    r = q;
    while (r < e && IS_WS(*r))
        r++;
    if (TAG_IS(q, s, "#TRANS")) {
        if (S->state == 3) {
            int same = twin_same(S, r, e);
            S->state = 2;
            if (same < 0)
                BAIL("twin");
            if (same)
                return 0; /* the #TRANS copy of the #RTRANS just read */
        }
        return do_row(S, q, e, 1);
    }
    if (TAG_IS(q, s, "#RTRANS")) {
        if (do_row(S, q, e, 1) < 0 || set_pending(S, r, e) < 0)
            return -1;
        S->state = 3;
        return 0;
    }
    S->state = 2;
    if (TAG_IS(q, s, "#BTRANS"))
        return do_row(S, q, e, 0);
    if (TAG_IS(q, s, "#VER"))
        BAIL("#VER inside a voucher block");
    {
        /* an unknown record inside a block: ignored, but it must tokenize */
        Tok t[1];
        if (tokenize(s, e, t, 1) < 0)
            BAIL("tokens");
    }
    return 0;
}

/* ---------------------------------------------------------------------------------- */
/* The Python type                                                                    */

static int
Scanner_init(Scanner *S, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"dim", "detail_dim", "max_rows", NULL};
    const char *dim, *ddim = NULL;
    Py_ssize_t dimlen, ddimlen = 0;
    long long max_rows = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "y#z#|L", kwlist, &dim, &dimlen, &ddim,
                                     &ddimlen, &max_rows))
        return -1;
    if (S->dim != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner is already initialised");
        return -1;
    }
    S->utf8_ok = 1;
    S->max_rows = max_rows;
    S->dim = malloc((size_t)dimlen + (size_t)ddimlen + 2);
    if (!S->dim) {
        PyErr_NoMemory();
        return -1;
    }
    memcpy(S->dim, dim, (size_t)dimlen);
    S->dimlen = dimlen;
    S->ddim = S->dim + dimlen + 1;
    if (ddim != NULL) {
        memcpy(S->ddim, ddim, (size_t)ddimlen);
        S->ddimlen = ddimlen;
        S->has_ddim = 1;
    }
    return 0;
}

static void
Scanner_dealloc(Scanner *S)
{
    size_t i;
    heads_clear(S);
    free(S->heads);
    for (i = 0; i < S->nkeys; i++)
        free(S->keys[i].obj);
    free(S->keys);
    free(S->kidx);
    free(S->sums);
    free(S->pending);
    free(S->carry);
    free(S->dim);
    Py_TYPE(S)->tp_free((PyObject *)S);
}

/* UTF-8 as Python's strict decoder accepts it (Unicode table 3-7: no overlong forms, no
 * surrogates, nothing above U+10FFFF). The regions checked end at line ends, and '\n'
 * never occurs inside a UTF-8 sequence, so no sequence spans two regions. */
static void
utf8_check(Scanner *S, const unsigned char *p, const unsigned char *e)
{
    while (S->utf8_ok && p < e) {
        unsigned char c, lo = 0x80, hi = 0xBF;
        int k, i;
        while (e - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (w & 0x8080808080808080ull)
                break;
            p += 8;
        }
        if (p >= e)
            return;
        c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        S->non_ascii = 1;
        if (c >= 0xC2 && c <= 0xDF)
            k = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            k = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        }
        else if (c >= 0xF0 && c <= 0xF4) {
            k = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        }
        else {
            S->utf8_ok = 0;
            return;
        }
        if (e - p <= k) {
            S->utf8_ok = 0;
            return;
        }
        for (i = 1; i <= k; i++) {
            unsigned char d = p[i];
            if (d < lo || d > hi) {
                S->utf8_ok = 0;
                return;
            }
            lo = 0x80;
            hi = 0xBF;
        }
        p += k + 1;
    }
}

/* One line from the carried-over bytes of the last feed (0 ok, -1 error set) */
static int
carry_line(Scanner *S, PyObject *other)
{
    int rc = do_line(S, S->carry, S->carry + S->clen, other);
    utf8_check(S, (const unsigned char *)S->carry, (const unsigned char *)S->carry + S->clen);
    S->clen = 0;
    return rc;
}

static int
carry_add(Scanner *S, const char *p, Py_ssize_t n)
{
    if (S->clen + n > S->ccap) {
        Py_ssize_t ncap = (S->clen + n) * 2;
        char *nc = realloc(S->carry, (size_t)ncap);
        if (!nc) {
            PyErr_NoMemory();
            return -1;
        }
        S->carry = nc;
        S->ccap = ncap;
    }
    memcpy(S->carry + S->clen, p, (size_t)n);
    S->clen += n;
    return 0;
}

static PyObject *
Scanner_feed(Scanner *S, PyObject *arg)
{
    Py_buffer view;
    PyObject *other;
    const char *s, *s0, *end;
    if (S->dim == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner is not initialised");
        return NULL;
    }
    if (S->failed) {
        PyErr_SetString(BailError, "the scanner has bailed already");
        return NULL;
    }
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    other = PyList_New(0);
    if (other == NULL) {
        PyBuffer_Release(&view);
        return NULL;
    }
    s = (const char *)view.buf;
    end = s + view.len;
    if (S->clen > 0) {
        /* complete the line begun in the last block */
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *le = nl ? nl : end;
        if (carry_add(S, s, le - s) < 0)
            goto error;
        if (nl == NULL) {
            PyBuffer_Release(&view);
            return other;
        }
        if (carry_line(S, other) < 0)
            goto error;
        s = nl + 1;
    }
    s0 = s;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        if (nl == NULL) {
            /* a line without its end yet: kept for the next block (or finish) */
            if (carry_add(S, s, end - s) < 0)
                goto error;
            break;
        }
        if (do_line(S, s, nl, other) < 0)
            goto error;
        s = nl + 1;
    }
    utf8_check(S, (const unsigned char *)s0, (const unsigned char *)s);
    PyBuffer_Release(&view);
    return other;
error:
    S->failed = 1;
    Py_DECREF(other);
    PyBuffer_Release(&view);
    return NULL;
}

static PyObject *
Scanner_flush(Scanner *S, PyObject *Py_UNUSED(ignored))
{
    PyObject *other;
    if (S->failed) {
        PyErr_SetString(BailError, "the scanner has bailed already");
        return NULL;
    }
    other = PyList_New(0);
    if (other == NULL)
        return NULL;
    if (S->clen > 0 && carry_line(S, other) < 0) {
        S->failed = 1;
        Py_DECREF(other);
        return NULL;
    }
    return other;
}

static PyObject *
Scanner_finish(Scanner *S, PyObject *Py_UNUSED(ignored))
{
    PyObject *sums, *months, *res;
    size_t i;
    if (!S->failed && S->clen > 0) {
        /* the last line, without a line end */
        PyObject *other = PyList_New(0);
        if (other == NULL)
            return NULL;
        if (carry_line(S, other) < 0) {
            S->failed = 1;
            Py_DECREF(other);
            return NULL;
        }
        if (PyList_GET_SIZE(other) > 0) {
            /* finish() returns no lines: a record outside vouchers must end in '\n' */
            Py_DECREF(other);
            S->failed = 1;
            PyErr_SetString(BailError, "a record outside vouchers on the last line");
            return NULL;
        }
        Py_DECREF(other);
    }
    if (S->failed || S->state != 0) {
        S->failed = 1;
        PyErr_SetString(BailError, "the file ends inside a voucher");
        return NULL;
    }
    sums = PyDict_New();
    months = PyDict_New(); /* yyyymm -> "YYYY-MM", shared */
    if (!sums || !months)
        goto error;
    for (i = 0; i < S->scap; i++) {
        SumEnt *e = &S->sums[i];
        Key *k;
        PyObject *ym, *month, *key, *val;
        int m;
        if (e->k == SUM_EMPTY)
            continue;
        m = (int)(e->k >> 32);
        k = &S->keys[(uint32_t)e->k];
        ym = PyLong_FromLong(m);
        if (!ym)
            goto error;
        month = PyDict_GetItemWithError(months, ym);
        if (month == NULL) {
            if (PyErr_Occurred()) {
                Py_DECREF(ym);
                goto error;
            }
            month = PyUnicode_FromFormat("%04d-%02d", m / 100, m % 100);
            if (!month || PyDict_SetItem(months, ym, month) < 0) {
                Py_XDECREF(month);
                Py_DECREF(ym);
                goto error;
            }
            Py_DECREF(month); /* borrowed from months from now on */
        }
        Py_DECREF(ym);
        key = Py_BuildValue("(Oy#y#s#)", month, k->obj, k->on, k->det, k->dn, &k->cls,
                            (Py_ssize_t)1);
        val = PyLong_FromLongLong(e->v);
        if (!key || !val || PyDict_SetItem(sums, key, val) < 0) {
            Py_XDECREF(key);
            Py_XDECREF(val);
            goto error;
        }
        Py_DECREF(key);
        Py_DECREF(val);
    }
    Py_DECREF(months);
    res = Py_BuildValue("(LLNOOii)", S->vouchers, S->transactions, sums,
                        S->utf8_ok ? Py_True : Py_False, S->non_ascii ? Py_True : Py_False,
                        S->first, S->last);
    return res;
error:
    Py_XDECREF(sums);
    Py_XDECREF(months);
    return NULL;
}

static PyMethodDef Scanner_methods[] = {
    {"feed", (PyCFunction)Scanner_feed, METH_O,
     "feed(block) -> list of (line number, line) of the complete lines outside vouchers; "
     "raises Bail. A line cut at the end of the block is completed by the next feed (or "
     "finish)"},
    {"flush", (PyCFunction)Scanner_flush, METH_NOARGS,
     "flush() -> like feed(), for the last line when the data does not end in a line end"},
    {"finish", (PyCFunction)Scanner_finish, METH_NOARGS,
     "finish() -> (vouchers, transactions, {(month, obj, detail, class): ore}, "
     "valid_utf8, non_ascii, first, last); first and last are the earliest and the latest "
     "voucher date as int YYYYMMDD (0 without vouchers); raises Bail"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tillit.economy.sie._fastscan.Scanner",
    .tp_basicsize = sizeof(Scanner),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Scanner(dim: bytes, detail_dim: bytes | None, max_rows: int = 0): the SIE 4 "
              "voucher scanner; more than max_rows distinct sums (0: no limit) raise Limit",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Scanner_init,
    .tp_dealloc = (destructor)Scanner_dealloc,
    .tp_methods = Scanner_methods,
};

static struct PyModuleDef fastscan_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "tillit.economy.sie._fastscan",
    .m_doc = "The hot loop of the SIE 4 summary fast path (see summary.py).",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__fastscan(void)
{
    PyObject *m;
    init_ctab();
    if (PyType_Ready(&ScannerType) < 0)
        return NULL;
    m = PyModule_Create(&fastscan_module);
    if (m == NULL)
        return NULL;
    BailError = PyErr_NewException("tillit.economy.sie._fastscan.Bail", NULL, NULL);
    LimitError = PyErr_NewException("tillit.economy.sie._fastscan.Limit", NULL, NULL);
    if (BailError == NULL || LimitError == NULL ||
        PyModule_AddObjectRef(m, "Bail", BailError) < 0 ||
        PyModule_AddObjectRef(m, "Limit", LimitError) < 0 ||
        PyModule_AddObjectRef(m, "Scanner", (PyObject *)&ScannerType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
