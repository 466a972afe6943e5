/*
 * CSV field scan of Ragtime's native backend (org.ragtime.engine.codec.CsvScan): splits records and
 * gives every field a syntactic class. It must agree bit for bit with the Java reference
 * (CsvScan.scalar()); only the speed differs: the character classes of 64 bytes at a time come as bit
 * masks (the delimiter and the classes of the whole field), and the number grammar is checked on those
 * masks instead of byte by byte. Compiled once per x86-64 level (rt.h): AVX-512 takes one masked 64-byte
 * load and mask compares (masked-off bytes are never touched); AVX2 two 32-byte loads, byte compares and
 * movemask, SSE (the baseline) four 16-byte ones. A block that ends inside the last 64 bytes of the text
 * is copied into a zeroed bounce buffer first, so nothing reads past the mapping.
 */
#include <stdint.h>
#include <string.h>
#include "rt.h"
#if !defined(RT_AVX512) && !defined(RT_AVX2)
#include <emmintrin.h>
#endif

enum { F_EMPTY = 0, F_INT = 1, F_INT_OTHER = 2, F_DECIMAL = 3, F_TEXT = 4, F_SPECIAL = 5, F_NA = 6, F_QUOTED = 8 };
enum { E_FIELDS = 1, E_OPEN_QUOTE = 2, E_AFTER_QUOTE = 3 };

typedef struct {
    uint64_t delim, digit, dot, ex, sign, quote; /* bit i: byte p + i */
    int avail;                                   /* bytes present from p (at most 64) */
} masks;

#if !defined(RT_AVX512)
/* The class masks of 64 readable bytes at q (bit i: byte q[i]). */
static inline void masks64(const uint8_t *q, masks *m) {
    uint64_t d = 0, g = 0, o = 0, e = 0, sg = 0, qt = 0;
#if defined(RT_AVX2)
    for (int h = 0; h < 2; h++) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(q + 32 * h));
#define EQ(c) _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c))
#define BITS(x) ((uint64_t)(uint32_t)_mm256_movemask_epi8(x) << (32 * h))
        d |= BITS(_mm256_or_si256(_mm256_or_si256(EQ(','), EQ('\n')), EQ('\r')));
        /* signed compares: bytes >= 0x80 are negative, so below '0' */
        g |= BITS(_mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('0' - 1)), _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), v)));
        o |= BITS(EQ('.'));
        e |= BITS(_mm256_or_si256(EQ('e'), EQ('E')));
        sg |= BITS(_mm256_or_si256(EQ('+'), EQ('-')));
        qt |= BITS(EQ('"'));
#undef EQ
#undef BITS
    }
#else
    for (int h = 0; h < 4; h++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(q + 16 * h));
#define EQ(c) _mm_cmpeq_epi8(v, _mm_set1_epi8(c))
#define BITS(x) ((uint64_t)(uint32_t)_mm_movemask_epi8(x) << (16 * h))
        d |= BITS(_mm_or_si128(_mm_or_si128(EQ(','), EQ('\n')), EQ('\r')));
        g |= BITS(_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1))));
        o |= BITS(EQ('.'));
        e |= BITS(_mm_or_si128(EQ('e'), EQ('E')));
        sg |= BITS(_mm_or_si128(EQ('+'), EQ('-')));
        qt |= BITS(EQ('"'));
#undef EQ
#undef BITS
    }
#endif
    m->delim = d; m->digit = g; m->dot = o; m->ex = e; m->sign = sg; m->quote = qt;
}
#endif

/* The character-class masks of the 64 bytes at offset b (bytes past the end count as none of them). */
static inline void block_masks(const uint8_t *s, int64_t b, int64_t size, masks *m) {
    int64_t left = size - b;
    int avail = left >= 64 ? 64 : left > 0 ? (int)left : 0;
    m->avail = avail;
#if defined(RT_AVX512)
    __mmask64 live = avail == 64 ? ~(__mmask64)0 : (((__mmask64)1 << avail) - 1);
    __m512i v = _mm512_maskz_loadu_epi8(live, s + b); /* masked-off bytes are never touched */
    m->delim = live & (_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(',')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n'))
                       | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\r')));
    m->digit = live & _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8('0')), _mm512_set1_epi8(10));
    m->dot = live & _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('.'));
    m->ex = live & (_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('e')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('E')));
    m->sign = live & (_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('+')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('-')));
    m->quote = live & _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"'));
#else
    if (avail == 64) {
        masks64(s + b, m);
    } else { /* the text's last partial block: through a zeroed bounce buffer (a zero byte is in no class) */
        uint8_t bounce[64] __attribute__((aligned(64))) = {0};
        if (avail > 0) memcpy(bounce, s + b, (size_t)avail);
        masks64(bounce, m);
    }
    m->avail = avail;
#endif
}

/*
 * The masks of two consecutive 64-byte blocks, so that the masks of the 64 bytes at any offset inside the
 * first come from shifts rather than a load at that offset: the next field's position then depends on
 * bit arithmetic only, not on a load that waits for the previous field (the loads run ahead, a block at
 * a time).
 */
typedef struct {
    int64_t base; /* offset of the first block, a multiple of 64 */
    masks lo, hi;
} window;

static inline uint64_t join(uint64_t lo, uint64_t hi, int sh) {
    return sh == 0 ? lo : (lo >> sh) | (hi << (64 - sh));
}

static inline void load_masks(window *w, const uint8_t *s, int64_t p, int64_t size, masks *m) {
    if (p >= w->base + 64) {
        if (p < w->base + 128) {
            w->lo = w->hi;
            w->base += 64;
        } else {
            w->base = p & ~(int64_t)63;
            block_masks(s, w->base, size, &w->lo);
        }
        block_masks(s, w->base + 64, size, &w->hi);
    }
    int sh = (int)(p - w->base);
    m->delim = join(w->lo.delim, w->hi.delim, sh);
    m->digit = join(w->lo.digit, w->hi.digit, sh);
    m->dot = join(w->lo.dot, w->hi.dot, sh);
    m->ex = join(w->lo.ex, w->hi.ex, sh);
    m->sign = join(w->lo.sign, w->hi.sign, sh);
    m->quote = join(w->lo.quote, w->hi.quote, sh);
    int64_t left = size - p;
    m->avail = left >= 64 ? 64 : (int)left;
}

/* pandas 1.5's default missing-value markers (CsvScan.MISSING), "" aside. */
static const char *const MISSING[] = {"#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND",
                                      "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "n/a", "nan", "null"};

static int lower_eq(const uint8_t *f, int64_t len, const char *word) {
    for (int64_t i = 0; i < len; i++) {
        uint8_t c = f[i];
        if (c >= 'A' && c <= 'Z') c = (uint8_t)(c + 32);
        if (c != (uint8_t)word[i] || word[i] == 0) return 0;
    }
    return word[len] == 0;
}

/* Class of text: a missing-value marker, an infinity ([+-]?inf|infinity, any case: a float), text holding
   a quote, or plain text. */
static int text_class(const uint8_t *f, int64_t len, int has_quote) {
    if (has_quote) return F_SPECIAL;
    if (len <= 9) {
        switch (f[0]) { /* the first bytes of every marker and infinity: most text stops here */
        case '#': case '-': case '1': case '<': case 'N': case 'n': case '+': case 'i': case 'I': break;
        default: return F_TEXT;
        }
        for (size_t i = 0; i < sizeof MISSING / sizeof MISSING[0]; i++) {
            if ((int64_t)strlen(MISSING[i]) == len && memcmp(MISSING[i], f, (size_t)len) == 0) return F_NA;
        }
        const uint8_t *w = f;
        int64_t n = len;
        if (n > 0 && (w[0] == '+' || w[0] == '-')) { w++; n--; }
        if (lower_eq(w, n, "inf") || lower_eq(w, n, "infinity")) return F_DECIMAL;
    }
    return F_TEXT;
}

/* Integer syntax (sign at most in front, digits) of ndig digits from d: what Numbers.parseLong accepts
   (at most 19 digits, value at most 2^63 - 1) is INT or INT_OTHER, the rest is a float. */
static int integer_class(const uint8_t *f, int64_t len, int lead) {
    const uint8_t *d = f + lead;
    int64_t ndig = len - lead;
    if (ndig > 19 || (ndig == 19 && memcmp(d, "9223372036854775807", 19) > 0)) return F_DECIMAL;
    if (f[0] == '+' || ndig > 18 || (ndig > 1 && d[0] == '0') || (lead && ndig == 1 && d[0] == '0')) return F_INT_OTHER;
    return F_INT;
}

/* Class of an unquoted field of len bytes (len <= 64) from its masks (CsvScan.classify). */
static inline int classify(const uint8_t *f, int len, const masks *m) {
    if (len == 0) return F_EMPTY;
    uint64_t fm = len == 64 ? ~(uint64_t)0 : (((uint64_t)1 << len) - 1);
    uint64_t digit = m->digit & fm, dot = m->dot & fm, ex = m->ex & fm, sign = m->sign & fm;
    uint64_t other = fm & ~(digit | dot | ex | sign);
    if (other != 0 || __builtin_popcountll(ex) > 1) return text_class(f, len, (m->quote & fm) != 0);
    uint64_t mant = ex ? (ex - 1) : fm;            /* bits below the exponent mark */
    uint64_t expo = ex ? fm & ~(mant | ex) : 0;    /* bits after it */
    int ok = (sign & mant & ~(uint64_t)1) == 0      /* a mantissa sign only in front */
             && __builtin_popcountll(dot & mant) <= 1 && (dot & expo) == 0
             && (digit & mant) != 0
             && (!ex || ((digit & expo) != 0 && (sign & expo & ~(ex << 1)) == 0));
    if (!ok) return text_class(f, len, 0);
    if (ex || dot) return F_DECIMAL;
    return integer_class(f, len, (int)(sign & 1));
}

/* The same for a field longer than 64 bytes, byte by byte. */
static int classify_long(const uint8_t *f, int64_t len) {
    int64_t i = 0;
    int has_quote = 0, bad = 0;
    for (int64_t k = 0; k < len; k++) has_quote |= f[k] == '"';
    if (f[0] == '+' || f[0] == '-') i = 1;
    int64_t mant = 0, dots = 0;
    for (; i < len && ((f[i] >= '0' && f[i] <= '9') || f[i] == '.'); i++) {
        if (f[i] == '.') dots++; else mant++;
    }
    if (mant == 0 || dots > 1) bad = 1;
    int ex = 0;
    if (!bad && i < len && (f[i] == 'e' || f[i] == 'E')) {
        ex = 1;
        i++;
        if (i < len && (f[i] == '+' || f[i] == '-')) i++;
        int64_t e0 = i;
        while (i < len && f[i] >= '0' && f[i] <= '9') i++;
        if (i == e0) bad = 1;
    }
    if (bad || i != len) return text_class(f, len, has_quote);
    if (ex || dots) return F_DECIMAL;
    return integer_class(f, len, f[0] == '+' || f[0] == '-');
}

/* The int64 value of an INT or INT_OTHER field (which fits), else INT64_MIN. */
static int64_t int_value(const uint8_t *f, int64_t len, int k) {
    if (k != F_INT && k != F_INT_OTHER) return INT64_MIN;
    int neg = f[0] == '-';
    int64_t i = (f[0] == '-' || f[0] == '+') ? 1 : 0;
    uint64_t v = 0;
    for (; i < len; i++) v = v * 10 + (uint64_t)(f[i] - '0');
    return neg ? -(int64_t)v : (int64_t)v;
}

/*
 * Scans records from `from` (the start of a record) until `max_rows` records are done or the text ends.
 * Per record r: row_start[r] (its first byte), row_end[r] (the byte after its last field: its line end or
 * the end of the text), classes[r * ncols + c]; seen[c] |= 1 << class for every field; for the (at most 2)
 * key columns, keys[r * nkeys + j] = the field's int64 value when it is INT or INT_OTHER, else INT64_MIN. Blank lines are skipped. Returns the records scanned and
 * sets state[0] to where to resume; on bad input returns -1 with state[1] = error kind, state[2] = the
 * offset of the offending record, state[3] = the fields it has (E_FIELDS).
 */
int64_t RT_NAME(ragtime_csv_scan)(const uint8_t *s, int64_t size, int64_t from, int32_t ncols, int64_t max_rows,
                         int64_t *row_start, int64_t *row_end, uint8_t *classes, uint32_t *seen,
                         const int32_t *key_cols, int32_t nkeys, int64_t *keys, int64_t *state) {
    int64_t p = from, rows = 0;
    window w = {.base = INT64_MIN / 2};
    int32_t key0 = nkeys > 0 ? key_cols[0] : -1, key1 = nkeys > 1 ? key_cols[1] : -1;
    while (rows < max_rows) {
        while (p < size && (s[p] == '\n' || s[p] == '\r')) p++;
        if (p >= size) break;
        const int64_t start = p;
        uint8_t *cls = classes + rows * (int64_t)ncols;
        int32_t f = 0;
        int64_t end;
        for (;;) {
            int k;
            const int64_t fs = p;
            masks m;
            load_masks(&w, s, p, size, &m);
            if (m.quote & 1) {
                int64_t q = p + 1;
                for (;;) {
                    const uint8_t *hit = q < size ? memchr(s + q, '"', (size_t)(size - q)) : NULL;
                    if (hit == NULL) {
                        state[1] = E_OPEN_QUOTE; state[2] = start; state[3] = f + 1;
                        return -1;
                    }
                    q = hit - s + 1;
                    if (q < size && s[q] == '"') { q++; continue; }
                    break;
                }
                p = q;
                if (p < size && s[p] != ',' && s[p] != '\n' && s[p] != '\r') {
                    state[1] = E_AFTER_QUOTE; state[2] = start; state[3] = f + 1;
                    return -1;
                }
                k = F_QUOTED;
            } else {
                if (m.delim != 0) {
                    int len = __builtin_ctzll(m.delim);
                    k = classify(s + p, len, &m);
                    p += len;
                } else if (m.avail < 64) {
                    k = classify(s + p, m.avail, &m);
                    p += m.avail;
                } else {
                    int64_t q = p + 64;
                    while (q < size && s[q] != ',' && s[q] != '\n' && s[q] != '\r') q++;
                    k = classify_long(s + p, q - p);
                    p = q;
                }
            }
            if (f < ncols) {
                cls[f] = (uint8_t)k;
                seen[f] |= (uint32_t)1 << k;
                if (f == key0) keys[rows * nkeys] = int_value(s + fs, p - fs, k);
                if (f == key1) keys[rows * nkeys + 1] = int_value(s + fs, p - fs, k);
            }
            f++;
            if (p >= size) { end = p; break; }
            uint8_t c = s[p];
            if (c == ',') { p++; continue; }
            end = p;
            p++;
            if (c == '\r' && p < size && s[p] == '\n') p++;
            break;
        }
        if (f != ncols) {
            state[1] = E_FIELDS; state[2] = start; state[3] = f;
            return -1;
        }
        row_start[rows] = start;
        row_end[rows] = end;
        rows++;
    }
    state[0] = p;
    return rows;
}
