/*
 * Tavolo live-table load generator (protocol v1 or v2, --protocol; docs/protocol.md).
 *
 * One process, one libwebsockets client context, one poll loop. N clients over
 * loopback, spread round-robin over T tables. Each client says hello (its own
 * replica id), joins its table; the first client of each table creates the shared
 * text (map set "verbale" -> text object), the others wait until they have seen
 * that operation (in `joined` or a later `ops`, or in `joined.version` when the
 * server answers with a snapshot). When every client is ready, each one inserts
 * EDIT_LEN characters every 1/R s (jittered +-20%) as one `ops` message, encoded
 * on top of its own history exactly like Tests/e2e/tavolo_client.py does.
 *
 * Several nodes (--port P1,P2,...): the members of every table are spread over the
 * nodes in turn (member k of a table connects to node k mod N), and deliveries are
 * counted within a node (sender and receiver on the same node) and across nodes
 * apart, besides the total.
 *
 * Measured: send time per (replica, first counter); every peer that receives an
 * `ops` message decodes its run headers and records send-to-receipt latency; acks
 * give ack latency. After S seconds sending stops, then a drain period waits for
 * every expected delivery and ack (bounded). Server CPU from /proc/PID/stat and
 * peak RSS (VmHWM) from /proc/PID/status. One JSON line on stdout.
 *
 * --protocol 2 (the default) receives coalesced `ops` ({"batches":[{"author","ops"},...]}):
 * each batch is decoded as if it had come alone. ops_batches / ops_messages is how many
 * batches an `ops` message carried on average; messages_received counts every message.
 */
#include <libwebsockets.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <signal.h>
#include <unistd.h>
#include <sys/resource.h>

#define EDIT_LEN 4
#define MAX_NAME 40

/* ------------------------------------------------------------------ time */

static int64_t now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ------------------------------------------------------------- histogram */
/* 1 us buckets below 100 ms, 1 ms buckets up to 600 s. */
#define H_FINE 100000
#define H_COARSE 600000
typedef struct {
    uint32_t fine[H_FINE];
    uint32_t coarse[H_COARSE];
    uint64_t n;
    int64_t max;
    double sum;
} hist_t;

static void hist_add(hist_t *h, int64_t us) {
    if (us < 0) us = 0;
    if (us < H_FINE) h->fine[us]++;
    else {
        int64_t ms = us / 1000;
        if (ms >= H_COARSE) ms = H_COARSE - 1;
        h->coarse[ms]++;
    }
    h->n++;
    h->sum += (double)us;
    if (us > h->max) h->max = us;
}

/* value in ms at quantile q */
static double hist_q(const hist_t *h, double q) {
    if (!h->n) return -1;
    uint64_t want = (uint64_t)(q * (double)h->n);
    if (want >= h->n) want = h->n - 1;
    uint64_t seen = 0;
    for (int i = 0; i < H_FINE; i++) {
        seen += h->fine[i];
        if (seen > want) return i / 1000.0;
    }
    for (int i = 0; i < H_COARSE; i++) {
        seen += h->coarse[i];
        if (seen > want) return (double)i;
    }
    return h->max / 1000.0;
}

/* ---------------------------------------------------------------- options */

#define MAX_NODES 8
static int opt_clients = 100, opt_tables = 10, opt_inflight = 24;
static int opt_ports[MAX_NODES], opt_nports, opt_server_pids[MAX_NODES], opt_nserver_pids;
static int opt_merge = 0; /* --parents seen */
static int opt_protocol = 2; /* hello.protocol: 1 or 2 (coalesced ops) */
static const char *opt_evlib = "ev"; /* ev (default: lws libev plugin, epoll), uv, or poll (lws built-in poll loop: scans every fd each turn) */
static double opt_rate = 1.0, opt_seconds = 10.0, opt_drain = 5.0, opt_ready_timeout = 120.0;
static const char *opt_host = "127.0.0.1", *opt_path = "/ws", *opt_label = "tavolo";
static char run_tag[8];

/* ---------------------------------------------------------------- clients */

typedef struct outmsg {
    struct outmsg *next;
    size_t len;
    unsigned char buf[]; /* LWS_PRE + payload */
} outmsg_t;

enum { C_IDLE, C_CONNECTING, C_OPEN, C_JOINED, C_READY, C_CLOSED, C_FAILED };

#define MAX_HEADS 64
typedef struct { int who; int counter; } head_t;

typedef struct client {
    int idx, table, creator_idx;
    int node;       /* index into --port: the node this client is connected to */
    int state;
    int greeting;   /* counted in connecting_now from connect until welcome (the server's per-address cap on strangers) */
    struct lws *wsi;
    char replica[MAX_NAME];
    /* /ws?table=...: the server starts the connection on the engine worker owning its table */
    char path[96];
    outmsg_t *qhead, *qtail;
    /* receive reassembly */
    char *rx;
    size_t rxlen, rxcap;
    /* own history */
    int count;     /* operations made */
    int base;      /* first counter of edit 0 (1 for the creator, whose op 0 is the map set) */
    int edits;     /* edits made */
    int ref;       /* last ref sent */
    int acked_ref; /* highest ref acked */
    int64_t next_edit;
    int64_t *sent_at;   /* per edit: when it was handed to the socket layer (us) */
    uint16_t *deliv;    /* per edit: how many peers received it */
    int edits_cap;
    int64_t create_sent_at;
    /* --parents seen: what this client has seen (a frontier) and the text length there */
    head_t heads[MAX_HEADS];
    int nheads;
    long known_len;
    long cursor;
} client_t;

static struct lws_context *ctx;
static client_t *clients;
static int *table_members;
static hist_t *h_peer, *h_ack, *h_lag, *h_within, *h_across;
static int connected, ready_count, failed_count, closed_unexpected, connecting_now, next_to_connect;
static int phase; /* 0 connecting, 1 sending, 2 draining, 3 done */
static int64_t t_start_connect, t_ready, t_send_start, t_send_end, t_drain_end;
static uint64_t n_edits_sent, n_deliveries, n_dup_deliveries, n_unknown_runs, n_acks, n_errors, n_late_deliveries;
static uint64_t n_expected_deliveries, n_bytes_rx, n_msgs_rx, n_msgs_tx, n_ops_msgs, n_ops_batches;
static char first_error[512];
static lws_sorted_usec_list_t tick_sul;
static volatile sig_atomic_t interrupted;

/* --------------------------------------------------------------- encoding */

static size_t put_varint(unsigned char *p, uint64_t v) {
    size_t n = 0;
    while (v >= 0x80) { p[n++] = (unsigned char)((v & 0x7F) | 0x80); v >>= 7; }
    p[n++] = (unsigned char)v;
    return n;
}

static size_t put_string(unsigned char *p, const char *s) {
    size_t l = strlen(s);
    size_t n = put_varint(p, l);
    memcpy(p + n, s, l);
    return n + l;
}

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t b64_encode(const unsigned char *in, size_t n, char *out) {
    size_t o = 0, i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (in[i] << 16) | (in[i + 1] << 8) | in[i + 2];
        out[o++] = b64chars[(v >> 18) & 63]; out[o++] = b64chars[(v >> 12) & 63];
        out[o++] = b64chars[(v >> 6) & 63]; out[o++] = b64chars[v & 63];
    }
    if (i < n) {
        uint32_t v = in[i] << 16;
        if (i + 1 < n) v |= in[i + 1] << 8;
        out[o++] = b64chars[(v >> 18) & 63]; out[o++] = b64chars[(v >> 12) & 63];
        out[o++] = (i + 1 < n) ? b64chars[(v >> 6) & 63] : '=';
        out[o++] = '=';
    }
    out[o] = 0;
    return o;
}

static signed char b64rev[256];
static void b64_init(void) {
    memset(b64rev, -1, sizeof b64rev);
    for (int i = 0; i < 64; i++) b64rev[(unsigned char)b64chars[i]] = (signed char)i;
}

/* decodes until '"' or end; skips backslashes (JSON-escaped '/'); returns length */
static size_t b64_decode(const char *in, size_t n, unsigned char *out) {
    uint32_t acc = 0; int bits = 0; size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '"') break;
        if (c == '=') break;
        signed char v = b64rev[c];
        if (v < 0) continue;
        acc = (acc << 6) | (uint32_t)v; bits += 6;
        if (bits >= 8) { bits -= 8; out[o++] = (unsigned char)((acc >> bits) & 0xFF); }
    }
    return o;
}

/* ------------------------------------------------------------- send queue */

static void enqueue(client_t *c, const char *json, size_t len) {
    outmsg_t *m = malloc(sizeof(outmsg_t) + LWS_PRE + len);
    m->next = NULL; m->len = len;
    memcpy(m->buf + LWS_PRE, json, len);
    if (c->qtail) c->qtail->next = m; else c->qhead = m;
    c->qtail = m;
    if (c->wsi) lws_callback_on_writable(c->wsi);
}

static void send_ops(client_t *c, const unsigned char *batch, size_t blen) {
    char b64[1024];
    char json[1200];
    b64_encode(batch, blen, b64);
    c->ref++;
    int n = snprintf(json, sizeof json, "{\"type\":\"ops\",\"ref\":%d,\"ops\":\"%s\"}", c->ref, b64);
    enqueue(c, json, (size_t)n);
}

static void make_text(client_t *c) {
    unsigned char b[128]; size_t n = 0;
    memcpy(b, "TVO\x01", 4); n = 4;
    n += put_varint(b + n, 1);
    n += put_string(b + n, c->replica);
    n += put_varint(b + n, 1);          /* one run */
    n += put_varint(b + n, 0);          /* replica index */
    n += put_varint(b + n, 0);          /* seq */
    n += put_varint(b + n, 1);          /* len */
    n += put_varint(b + n, 0);          /* no parents */
    b[n++] = 2;                         /* MAP_SET */
    n += put_varint(b + n, 0);          /* target: root map */
    n += put_string(b + n, "verbale");
    b[n++] = 6; b[n++] = 2;             /* value: object, kind text */
    c->count = 1;
    c->base = 1;
    c->heads[0] = (head_t){ c->idx, 0 }; c->nheads = 1;
    c->create_sent_at = now_us();
    send_ops(c, b, n);
}

static void make_edit(client_t *c, int64_t t) {
    unsigned char b[2048]; size_t n = 0;
    /* parents: --parents own: its own previous operation (the text object for the first);
       --parents seen: the frontier of everything it has seen, as an editor that merges sends */
    head_t parents[MAX_HEADS]; int np = 0;
    if (opt_merge) { memcpy(parents, c->heads, sizeof(head_t) * (size_t)c->nheads); np = c->nheads; }
    else if (c->count > 0) { parents[0] = (head_t){ c->idx, c->count - 1 }; np = 1; }
    else { parents[0] = (head_t){ c->creator_idx, 0 }; np = 1; }
    int names[MAX_HEADS + 2]; int nn = 0;
    names[nn++] = c->idx;
    if (c->creator_idx != c->idx) names[nn++] = c->creator_idx;
    for (int i = 0; i < np; i++) {
        int k = 0; while (k < nn && names[k] != parents[i].who) k++;
        if (k == nn) names[nn++] = parents[i].who;
    }
    #define NAME_OF(who) ({ int k_ = 0; while (names[k_] != (who)) k_++; k_; })
    memcpy(b, "TVO\x01", 4); n = 4;
    n += put_varint(b + n, (uint64_t)nn);
    for (int i = 0; i < nn; i++) n += put_string(b + n, clients[names[i]].replica);
    n += put_varint(b + n, 1);               /* one run */
    n += put_varint(b + n, 0);               /* author */
    n += put_varint(b + n, (uint64_t)c->count);
    n += put_varint(b + n, EDIT_LEN);
    n += put_varint(b + n, (uint64_t)np);
    for (int i = 0; i < np; i++) { n += put_varint(b + n, (uint64_t)NAME_OF(parents[i].who)); n += put_varint(b + n, (uint64_t)parents[i].counter); }
    b[n++] = 0;                              /* INSERT_TEXT */
    n += put_varint(b + n, (uint64_t)NAME_OF(c->creator_idx) + 1); n += put_varint(b + n, 0); /* target = creator@0 */
    long pos;
    if (opt_merge) {
        /* a typist's cursor somewhere in the text it sees */
        if (c->cursor < 0) c->cursor = c->known_len ? rand() % (c->known_len + 1) : 0;
        pos = c->cursor <= c->known_len ? c->cursor : c->known_len;
        c->cursor = pos + EDIT_LEN;
        c->known_len += EDIT_LEN;
        c->heads[0] = (head_t){ c->idx, c->count + EDIT_LEN - 1 }; c->nheads = 1;
    } else {
        pos = (long)c->edits * EDIT_LEN;     /* typing at the end of its own text */
    }
    n += put_varint(b + n, (uint64_t)pos);
    char text[EDIT_LEN + 1];
    for (int i = 0; i < EDIT_LEN; i++) text[i] = (char)('a' + (c->edits + i + c->idx) % 26);
    text[EDIT_LEN] = 0;
    n += put_string(b + n, text);
    if (c->edits >= c->edits_cap) {
        int cap = c->edits_cap ? c->edits_cap * 2 : 64;
        c->sent_at = realloc(c->sent_at, sizeof(int64_t) * (size_t)cap);
        c->deliv = realloc(c->deliv, sizeof(uint16_t) * (size_t)cap);
        memset(c->deliv + c->edits_cap, 0, sizeof(uint16_t) * (size_t)(cap - c->edits_cap));
        c->edits_cap = cap;
    }
    c->sent_at[c->edits] = t;
    c->edits++;
    c->count += EDIT_LEN;
    n_edits_sent++;
    n_expected_deliveries += (uint64_t)(table_members[c->table] - 1);
    send_ops(c, b, n);
}

/* ----------------------------------------------------------- run headers */

typedef struct { const unsigned char *p, *end; int bad; } rd_t;

static uint64_t rd_varint(rd_t *r) {
    uint64_t v = 0; int s = 0;
    while (r->p < r->end) {
        unsigned char b = *r->p++;
        v |= (uint64_t)(b & 0x7F) << s; s += 7;
        if (b < 0x80) return v;
        if (s > 63) break;
    }
    r->bad = 1; return 0;
}
static int rd_byte(rd_t *r) { if (r->p >= r->end) { r->bad = 1; return 0; } return *r->p++; }
static void rd_skip(rd_t *r, uint64_t n) { if ((uint64_t)(r->end - r->p) < n) { r->bad = 1; r->p = r->end; } else r->p += n; }
static void rd_value(rd_t *r) {
    int tag = rd_byte(r);
    if (tag == 3) rd_varint(r);
    else if (tag == 4) rd_skip(r, 8);
    else if (tag == 5) rd_skip(r, rd_varint(r));
    else if (tag == 6) rd_byte(r);
}

/* replica names look like L<tag><5 digits>; returns client index or -1 */
static int replica_index(const unsigned char *s, size_t n) {
    size_t tl = strlen(run_tag);
    if (n != 1 + tl + 5 || s[0] != 'L' || memcmp(s + 1, run_tag, tl)) return -1;
    int v = 0;
    for (size_t i = 1 + tl; i < n; i++) { if (s[i] < '0' || s[i] > '9') return -1; v = v * 10 + (s[i] - '0'); }
    return v < opt_clients ? v : -1;
}

/* --parents seen: the receiver's frontier moves past the run's parents to the run */
static void see(client_t *rcv, int author, uint64_t seq, uint64_t len, int kind, const head_t *ps, int np) {
    for (int h = 0; h < rcv->nheads;) {
        int drop = rcv->heads[h].who == author;
        for (int i = 0; i < np && !drop; i++) drop = ps[i].who == rcv->heads[h].who && ps[i].counter == rcv->heads[h].counter;
        if (drop) rcv->heads[h] = rcv->heads[--rcv->nheads]; else h++;
    }
    if (rcv->nheads < MAX_HEADS) rcv->heads[rcv->nheads++] = (head_t){ author, (int)(seq + len - 1) };
    if (kind == 0) rcv->known_len += (long)len;
}

static void record_delivery(client_t *rcv, int author, uint64_t seq, uint64_t len, int kind, int64_t t, const head_t *ps, int np) {
    if (author < 0) { n_unknown_runs++; return; }
    client_t *a = &clients[author];
    if (author != rcv->idx) see(rcv, author, seq, len, kind, ps, np);
    if (kind == 2) { /* map set: the shared text */
        if (seq == 0 && author == rcv->creator_idx && rcv->state == C_JOINED) {
            rcv->state = C_READY; ready_count++;
        }
        return;
    }
    if (kind != 0) { n_unknown_runs++; return; }
    /* an insert run may cover several edits if someone coalesced them */
    for (uint64_t c = seq; c < seq + len; c += EDIT_LEN) {
        if (c < (uint64_t)a->base) continue;
        uint64_t e = (c - (uint64_t)a->base) / EDIT_LEN;
        if (e >= (uint64_t)a->edits) { n_unknown_runs++; continue; }
        if (a->deliv[e] >= table_members[a->table] - 1) { n_dup_deliveries++; continue; }
        a->deliv[e]++;
        n_deliveries++;
        if (phase == 3) n_late_deliveries++;
        hist_add(h_peer, t - a->sent_at[e]);
        hist_add(a->node == rcv->node ? h_within : h_across, t - a->sent_at[e]);
    }
}

static void decode_batch(client_t *rcv, const unsigned char *p, size_t n, int64_t t) {
    rd_t r = { p, p + n, 0 };
    if (n < 4 || memcmp(p, "TVO\x01", 4)) { n_unknown_runs++; return; }
    r.p += 4;
    uint64_t nn = rd_varint(&r);
    if (nn > 4096) { n_unknown_runs++; return; }
    int idx[4096];
    for (uint64_t i = 0; i < nn && !r.bad; i++) {
        uint64_t l = rd_varint(&r);
        if ((uint64_t)(r.end - r.p) < l) { r.bad = 1; break; }
        idx[i] = replica_index(r.p, (size_t)l);
        r.p += l;
    }
    uint64_t runs = rd_varint(&r);
    for (uint64_t i = 0; i < runs && !r.bad; i++) {
        uint64_t a = rd_varint(&r), seq = rd_varint(&r), len = rd_varint(&r), np = rd_varint(&r);
        head_t ps[MAX_HEADS]; int nps = 0;
        for (uint64_t j = 0; j < np && !r.bad; j++) {
            uint64_t w = rd_varint(&r), ctr = rd_varint(&r);
            if (w < nn && nps < MAX_HEADS && idx[w] >= 0) ps[nps++] = (head_t){ idx[w], (int)ctr };
        }
        int kind = rd_byte(&r);
        if (rd_varint(&r)) rd_varint(&r);
        switch (kind) {
        case 0: rd_varint(&r); rd_skip(&r, rd_varint(&r)); break;          /* insert text */
        case 1: rd_varint(&r); rd_byte(&r); break;                          /* delete text */
        case 2: rd_skip(&r, rd_varint(&r)); rd_value(&r); break;            /* map set */
        case 3: rd_skip(&r, rd_varint(&r)); break;                          /* map delete */
        default: r.bad = 1; break;                                          /* lists: never sent here */
        }
        if (r.bad || a >= nn) break;
        record_delivery(rcv, idx[a], seq, len, kind, t, ps, nps);
    }
    if (r.bad) n_unknown_runs++;
}

/* ------------------------------------------------------------ JSON scraps */

static const char *json_str(const char *msg, const char *key, size_t *len) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(msg, pat);
    if (!p) return NULL;
    p += strlen(pat);
    while (*p == ' ') p++;
    if (*p != '"') return NULL;
    p++;
    const char *e = p;
    while (*e && *e != '"') { if (*e == '\\' && e[1]) e++; e++; }
    *len = (size_t)(e - p);
    return p;
}

static int json_int(const char *msg, const char *key, long *out) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(msg, pat);
    if (!p) return 0;
    *out = (long)strtod(p + strlen(pat), NULL);
    return 1;
}

static void start_connects(void);
static void handle_message(client_t *c, char *msg, size_t n) {
    int64_t t = now_us();
    msg[n] = 0;
    n_msgs_rx++; n_bytes_rx += n;
    size_t tl;
    const char *type = json_str(msg, "type", &tl);
    if (!type) { n_errors++; return; }
    if (tl == 3 && !memcmp(type, "ops", 3)) {
        /* one batch ({"author","ops","type"}) or, in v2, several ({"batches":[{"author","ops"},...]}):
           every "ops": string field is one batch (base64 holds no quote) */
        n_ops_msgs++;
        const char *at = strstr(msg, "\"batches\":");
        if (at && opt_protocol < 2) {
            n_errors++;
            if (!first_error[0]) snprintf(first_error, sizeof first_error, "a v1 client was sent batches");
        }
        const char *from = at ? at : msg;
        size_t bl; const char *b;
        int found = 0;
        while ((b = json_str(from, "ops", &bl))) {
            unsigned char *buf = malloc(bl + 4);
            size_t dl = b64_decode(b, bl, buf);
            decode_batch(c, buf, dl, t);
            free(buf);
            n_ops_batches++; found++;
            from = b + bl;
        }
        if (!found) { n_errors++; return; }
    } else if (tl == 3 && !memcmp(type, "ack", 3)) {
        long ref = 0; json_int(msg, "ref", &ref);
        n_acks++;
        c->acked_ref = (int)ref;
        /* ref 1 is the creator's map set; edit refs follow in order */
        int e = (int)ref - 1 - (c->base ? 1 : 0);
        if (e >= 0 && e < c->edits) hist_add(h_ack, t - c->sent_at[e]);
    } else if (tl == 7 && !memcmp(type, "welcome", 7)) {
        /* Connections stay in flight until welcomed: the server closes (1013) a 33rd connection
           from one address that has not been welcomed yet (maxUnauthenticatedPerAddress). */
        if (c->greeting) { c->greeting = 0; connecting_now--; start_connects(); }
        char j[160];
        int k = snprintf(j, sizeof j, "{\"type\":\"join\",\"table\":\"load%s-%04d\",\"version\":{}}", run_tag, c->table);
        enqueue(c, j, (size_t)k);
    } else if (tl == 6 && !memcmp(type, "joined", 6)) {
        c->state = C_JOINED;
        if (c->creator_idx == c->idx) {
            make_text(c);
            c->state = C_READY; ready_count++;
        } else {
            size_t bl; const char *b = json_str(msg, "ops", &bl);
            if (b) {
                unsigned char *buf = malloc(bl + 4);
                size_t dl = b64_decode(b, bl, buf);
                decode_batch(c, buf, dl, t);
                free(buf);
            }
            if (c->state == C_JOINED) {
                /* a snapshot (or ops) that already holds the creator's op 0 shows in version */
                const char *v = strstr(msg, "\"version\":");
                char pat[64];
                snprintf(pat, sizeof pat, "\"%s\":", clients[c->creator_idx].replica);
                if (v && strstr(v, pat)) {
                    c->state = C_READY; ready_count++;
                    c->heads[0] = (head_t){ c->creator_idx, 0 }; c->nheads = 1;
                }
            }
        }
    } else if (tl == 5 && !memcmp(type, "error", 5)) {
        n_errors++;
        if (!first_error[0]) snprintf(first_error, sizeof first_error, "%.*s", (int)(n < 400 ? n : 400), msg);
    }
    /* presence / left: ignored */
}

/* --------------------------------------------------------------- callback */

static void start_connects(void);
static void finish(void);

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len) {
    client_t *c = (client_t *)user;
    switch (reason) {
    case LWS_CALLBACK_CLIENT_ESTABLISHED: {
        c->state = C_OPEN; connected++;
        char j[256];
        int k = snprintf(j, sizeof j,
                         "{\"type\":\"hello\",\"protocol\":%d,\"replica\":\"%s\",\"token\":\"load-%d\",\"name\":\"Load %d\",\"organisation\":\"bench\",\"role\":\"pa\"}",
                         opt_protocol, c->replica, c->idx, c->idx);
        enqueue(c, j, (size_t)k);
        start_connects();
        break;
    }
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
        if (c) {
            if (!first_error[0]) snprintf(first_error, sizeof first_error, "connect %d: %s", c->idx, in ? (char *)in : "?");
            c->state = C_FAILED; c->wsi = NULL; failed_count++;
            if (c->greeting) { c->greeting = 0; connecting_now--; }
            start_connects();
        }
        break;
    case LWS_CALLBACK_CLIENT_CLOSED:
        if (c) {
            if (phase < 3) closed_unexpected++;
            c->state = C_CLOSED; c->wsi = NULL;
            if (c->greeting) { c->greeting = 0; connecting_now--; start_connects(); }
        }
        break;
    case LWS_CALLBACK_CLIENT_RECEIVE: {
        if (c->rxlen + len + 1 > c->rxcap) {
            c->rxcap = (c->rxlen + len + 1) * 2;
            c->rx = realloc(c->rx, c->rxcap);
        }
        memcpy(c->rx + c->rxlen, in, len);
        c->rxlen += len;
        if (lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi)) {
            handle_message(c, c->rx, c->rxlen);
            c->rxlen = 0;
        }
        break;
    }
    case LWS_CALLBACK_CLIENT_WRITEABLE: {
        outmsg_t *m = c->qhead;
        if (!m) break;
        if (lws_write(wsi, m->buf + LWS_PRE, m->len, LWS_WRITE_TEXT) < (int)m->len) return -1;
        n_msgs_tx++;
        c->qhead = m->next;
        if (!c->qhead) c->qtail = NULL;
        free(m);
        if (c->qhead) lws_callback_on_writable(wsi);
        break;
    }
    default:
        break;
    }
    return 0;
}

static struct lws_protocols protocols[] = {
    { "tavolo.v1", callback, 0, 65536, 0, NULL, 0 },
    { NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void connect_one(client_t *c) {
    struct lws_client_connect_info i;
    memset(&i, 0, sizeof i);
    i.context = ctx;
    i.address = opt_host;
    i.port = opt_ports[c->node];
    snprintf(c->path, sizeof c->path, "%s?table=load%s-%04d", opt_path, run_tag, c->table);
    i.path = c->path;
    i.host = opt_host;
    i.origin = NULL;
    i.protocol = "tavolo.v1";
    i.local_protocol_name = "tavolo.v1";
    i.userdata = c;
    i.pwsi = &c->wsi;
    c->state = C_CONNECTING;
    connecting_now++; c->greeting = 1;
    if (!lws_client_connect_via_info(&i)) {
        c->state = C_FAILED; failed_count++; connecting_now--; c->greeting = 0;
    }
}

static void start_connects(void) {
    while (next_to_connect < opt_clients && connecting_now < opt_inflight)
        connect_one(&clients[next_to_connect++]);
}

/* ------------------------------------------------------------- /proc data */

static double proc_cpu_seconds_of(int pid) {
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    unsigned long utime = 0, stime = 0;
    /* fields after ')': state(3) ... utime(14) stime(15) */
    int field = 2;
    for (char *tok = strtok(p + 1, " "); tok; tok = strtok(NULL, " ")) {
        field++;
        if (field == 14) utime = strtoul(tok, NULL, 10);
        if (field == 15) { stime = strtoul(tok, NULL, 10); break; }
    }
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

static long proc_status_kb_of(int pid, const char *key) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long v = -1;
    size_t kl = strlen(key);
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, key, kl) && line[kl] == ':') { v = strtol(line + kl + 1, NULL, 10); break; }
    fclose(f);
    return v;
}

/* summed over every --server-pid; -1 when one cannot be read */
static double proc_cpu_seconds(void) {
    double total = 0;
    for (int i = 0; i < opt_nserver_pids; i++) {
        double v = proc_cpu_seconds_of(opt_server_pids[i]);
        if (v < 0) return -1;
        total += v;
    }
    return total;
}

static long proc_status_kb(const char *key) {
    long total = 0;
    for (int i = 0; i < opt_nserver_pids; i++) {
        long v = proc_status_kb_of(opt_server_pids[i], key);
        if (v < 0) return -1;
        total += v;
    }
    return total;
}

/* busy CPU-seconds of the whole machine (all cores) from /proc/stat */
static double machine_busy_seconds(void) {
    FILE *f = fopen("/proc/stat", "r");
    if (!f) return -1;
    unsigned long long v[10] = {0};
    int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
    fclose(f);
    if (n < 8) return -1;
    unsigned long long busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
    return (double)busy / (double)sysconf(_SC_CLK_TCK);
}

static double self_cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* ------------------------------------------------------------------- tick */

static double srv_cpu0, srv_cpu1, self_cpu0, self_cpu1, mach0, mach1;
static uint64_t expected_acks;

static double jitter(void) { return 0.8 + 0.4 * (double)rand() / (double)RAND_MAX; }

static void tick(lws_sorted_usec_list_t *sul) {
    (void)sul;
    int64_t t = now_us();
    if (interrupted) phase = 3;
    if (phase == 0) {
        int settled = ready_count + failed_count + closed_unexpected;
        if (settled >= opt_clients || (t - t_start_connect) > (int64_t)(opt_ready_timeout * 1e6)) {
            /* let the creators' acks and the ops settle */
            phase = 1;
            t_ready = t;
            t_send_start = t + 500000;
            int64_t interval = (int64_t)(1e6 / opt_rate);
            for (int i = 0; i < opt_clients; i++)
                clients[i].next_edit = t_send_start + (int64_t)((double)interval * (double)rand() / (double)RAND_MAX);
            srv_cpu0 = -2;
        }
    } else if (phase == 1) {
        if (srv_cpu0 == -2 && t >= t_send_start) {
            srv_cpu0 = opt_nserver_pids ? proc_cpu_seconds() : -1;
            self_cpu0 = self_cpu_seconds();
            mach0 = machine_busy_seconds();
        }
        if (t >= t_send_start + (int64_t)(opt_seconds * 1e6)) {
            phase = 2;
            t_send_end = t;
            srv_cpu1 = opt_nserver_pids ? proc_cpu_seconds() : -1;
            self_cpu1 = self_cpu_seconds();
            mach1 = machine_busy_seconds();
        } else {
            int64_t interval = (int64_t)(1e6 / opt_rate);
            for (int i = 0; i < opt_clients; i++) {
                client_t *c = &clients[i];
                if (c->state != C_READY || !c->wsi) continue;
                if (t >= c->next_edit) {
                    hist_add(h_lag, t - c->next_edit);
                    make_edit(c, t);
                    c->next_edit += (int64_t)((double)interval * jitter());
                    if (c->next_edit < t) c->next_edit = t; /* do not burst to catch up */
                }
            }
        }
    } else if (phase == 2) {
        expected_acks = 0;
        uint64_t acks_missing = 0;
        for (int i = 0; i < opt_clients; i++)
            if (clients[i].wsi && clients[i].acked_ref < clients[i].ref) acks_missing++;
        if ((n_deliveries >= n_expected_deliveries && !acks_missing) || t >= t_send_end + (int64_t)(opt_drain * 1e6)) {
            phase = 3;
            t_drain_end = t;
        }
    }
    if (phase < 3) lws_sul_schedule(ctx, 0, &tick_sul, tick, 1000);
    else if (strcmp(opt_evlib, "poll")) { finish(); _exit(0); } /* ev/uv: lws_service runs the loop until it has no watchers */
}

static void on_signal(int s) { (void)s; interrupted = 1; }
static void finish(void);

/* ------------------------------------------------------------------- main */

static void usage(void) {
    fprintf(stderr, "loadgen --port P[,P2...] [--host H] [--clients N] [--tables T] [--rate R] [--seconds S] [--drain D] [--server-pid PID[,PID2...]] [--label L] [--parents own|seen] [--evlib poll|ev|uv] [--protocol 1|2]\n");
    exit(2);
}

/* "1,2,3" into out (at most MAX_NODES positive numbers); returns how many */
static int parse_list(const char *v, int *out) {
    int n = 0;
    for (const char *p = v; *p && n < MAX_NODES;) {
        int x = atoi(p);
        if (x <= 0) usage();
        out[n++] = x;
        p = strchr(p, ',');
        if (!p) break;
        p++;
    }
    return n;
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc) usage();
        const char *v = argv[++i];
        if (!strcmp(a, "--port")) opt_nports = parse_list(v, opt_ports);
        else if (!strcmp(a, "--host")) opt_host = v;
        else if (!strcmp(a, "--clients")) opt_clients = atoi(v);
        else if (!strcmp(a, "--tables")) opt_tables = atoi(v);
        else if (!strcmp(a, "--rate")) opt_rate = atof(v);
        else if (!strcmp(a, "--seconds")) opt_seconds = atof(v);
        else if (!strcmp(a, "--drain")) opt_drain = atof(v);
        else if (!strcmp(a, "--server-pid")) opt_nserver_pids = parse_list(v, opt_server_pids);
        else if (!strcmp(a, "--inflight")) opt_inflight = atoi(v);
        else if (!strcmp(a, "--ready-timeout")) opt_ready_timeout = atof(v);
        else if (!strcmp(a, "--label")) opt_label = v;
        else if (!strcmp(a, "--evlib")) opt_evlib = v;
        else if (!strcmp(a, "--protocol")) { opt_protocol = atoi(v); if (opt_protocol != 1 && opt_protocol != 2) usage(); }
        else if (!strcmp(a, "--parents")) { if (!strcmp(v, "seen")) opt_merge = 1; else if (!strcmp(v, "own")) opt_merge = 0; else usage(); }
        else usage();
    }
    if (opt_nports < 1 || opt_clients < 1 || opt_tables < 1 || opt_tables > opt_clients || opt_rate <= 0) usage();
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    snprintf(run_tag, sizeof run_tag, "%04x", (unsigned)(rand() & 0xFFFF));
    b64_init();
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);

    h_peer = calloc(1, sizeof(hist_t));
    h_ack = calloc(1, sizeof(hist_t));
    h_lag = calloc(1, sizeof(hist_t));
    h_within = calloc(1, sizeof(hist_t));
    h_across = calloc(1, sizeof(hist_t));
    clients = calloc((size_t)opt_clients, sizeof(client_t));
    table_members = calloc((size_t)opt_tables, sizeof(int));
    for (int i = 0; i < opt_clients; i++) {
        client_t *c = &clients[i];
        c->idx = i;
        c->table = i % opt_tables;
        c->creator_idx = c->table; /* client t is the first of table t */
        c->node = (i / opt_tables) % opt_nports; /* a table's members alternate over the nodes */
        c->cursor = -1;
        table_members[c->table]++;
        snprintf(c->replica, sizeof c->replica, "L%s%05d", run_tag, i);
    }

    lws_set_log_level(LLL_ERR, NULL);
    struct lws_context_creation_info info;
    memset(&info, 0, sizeof info);
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = protocols;
    info.fd_limit_per_thread = (unsigned)opt_clients + 64;
    info.timeout_secs = 60;
    if (!strcmp(opt_evlib, "ev")) info.options |= LWS_SERVER_OPTION_LIBEV;
    else if (!strcmp(opt_evlib, "uv")) info.options |= LWS_SERVER_OPTION_LIBUV;
    else if (strcmp(opt_evlib, "poll")) usage();
    ctx = lws_create_context(&info);
    if (!ctx) { fprintf(stderr, "lws_create_context failed\n"); return 1; }

    t_start_connect = now_us();
    start_connects();
    lws_sul_schedule(ctx, 0, &tick_sul, tick, 1000);
    while (phase < 3) {
        if (lws_service(ctx, 0) < 0) break;
    }
    finish();
    lws_context_destroy(ctx);
    return 0;
}

/* prints the JSON line (with an event library, lws_service never returns: the tick calls this) */
static void finish(void) {
    if (!t_drain_end) t_drain_end = now_us();
    if (!t_send_end) { t_send_end = t_drain_end; srv_cpu1 = opt_nserver_pids ? proc_cpu_seconds() : -1; self_cpu1 = self_cpu_seconds(); mach1 = machine_busy_seconds(); }
    long hwm = opt_nserver_pids ? proc_status_kb("VmHWM") : -1;
    long rss = opt_nserver_pids ? proc_status_kb("VmRSS") : -1;

    uint64_t acks_missing = 0;
    for (int i = 0; i < opt_clients; i++)
        if (clients[i].ref > clients[i].acked_ref) acks_missing += (uint64_t)(clients[i].ref - clients[i].acked_ref);

    double send_secs = (double)(t_send_end - t_send_start) / 1e6;
    if (send_secs <= 0) send_secs = 1e-9;
    double srv_cpu = (srv_cpu0 >= 0 && srv_cpu1 >= 0) ? srv_cpu1 - srv_cpu0 : -1;
    double self_cpu = self_cpu1 - self_cpu0;
    uint64_t complete = 0;
    for (int i = 0; i < opt_clients; i++)
        for (int e = 0; e < clients[i].edits; e++)
            if (clients[i].deliv[e] >= table_members[clients[i].table] - 1) complete++;
    char err_json[1100] = "";
    if (first_error[0]) {
        size_t o = 0;
        o += (size_t)snprintf(err_json, sizeof err_json, ",\"first_error\":\"");
        for (const char *q = first_error; *q && o < sizeof err_json - 8; q++) {
            if (*q == '"' || *q == '\\') err_json[o++] = '\\';
            err_json[o++] = (*q >= 32) ? *q : ' ';
        }
        err_json[o++] = '"'; err_json[o] = 0;
    }
    uint64_t lost = n_expected_deliveries > n_deliveries ? n_expected_deliveries - n_deliveries : 0;

    printf("{\"server\":\"%s\",\"loadgen_loop\":\"%s\",\"parents\":\"%s\",\"protocol\":%d,\"clients\":%d,\"tables\":%d,\"rate_per_client\":%g,\"seconds\":%.2f,"
           "\"connected\":%d,\"ready\":%d,\"failed\":%d,\"closed_unexpectedly\":%d,\"connect_seconds\":%.2f,"
           "\"edits_sent\":%llu,\"edit_throughput_per_s\":%.1f,\"deliveries_expected\":%llu,\"deliveries\":%llu,"
           "\"edits_delivered_to_every_peer\":%llu,\"lost\":%llu,\"duplicate_deliveries\":%llu,\"deliveries_per_s\":%.1f,"
           "\"latency_ms\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"p999\":%.3f,\"max\":%.3f,\"mean\":%.3f},"
           "\"nodes\":%d,\"within_node\":{\"deliveries\":%llu,\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
           "\"across_nodes\":{\"deliveries\":%llu,\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
           "\"acks\":%llu,\"acks_missing\":%llu,\"ack_latency_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
           "\"send_lag_ms\":{\"p99\":%.3f,\"max\":%.3f},"
           "\"server_cpu_seconds\":%.2f,\"server_cpu_percent\":%.1f,\"server_peak_rss_mb\":%.1f,\"server_rss_mb\":%.1f,"
           "\"loadgen_cpu_percent\":%.1f,\"machine_cpu_percent\":%.1f,\"other_processes_cpu_percent\":%.1f,\"cores\":%ld,\"errors\":%llu,\"unknown_runs\":%llu,\"drain_seconds\":%.2f,"
           "\"messages_received\":%llu,\"ops_messages\":%llu,\"ops_batches\":%llu,\"batches_per_ops_message\":%.3f%s}\n",
           opt_label, opt_evlib, opt_merge ? "seen" : "own", opt_protocol, opt_clients, opt_tables, opt_rate, send_secs,
           connected, ready_count, failed_count, closed_unexpected, (double)(t_ready - t_start_connect) / 1e6,
           (unsigned long long)n_edits_sent, (double)n_edits_sent / send_secs,
           (unsigned long long)n_expected_deliveries, (unsigned long long)n_deliveries,
           (unsigned long long)complete, (unsigned long long)lost, (unsigned long long)n_dup_deliveries, (double)n_deliveries / send_secs,
           hist_q(h_peer, 0.5), hist_q(h_peer, 0.9), hist_q(h_peer, 0.99), hist_q(h_peer, 0.999), h_peer->max / 1000.0,
           h_peer->n ? h_peer->sum / (double)h_peer->n / 1000.0 : -1.0,
           opt_nports, (unsigned long long)h_within->n, hist_q(h_within, 0.5), hist_q(h_within, 0.99), h_within->max / 1000.0,
           (unsigned long long)h_across->n, hist_q(h_across, 0.5), hist_q(h_across, 0.99), h_across->max / 1000.0,
           (unsigned long long)n_acks, (unsigned long long)acks_missing, hist_q(h_ack, 0.5), hist_q(h_ack, 0.99), h_ack->max / 1000.0,
           hist_q(h_lag, 0.99), h_lag->max / 1000.0,
           srv_cpu, srv_cpu >= 0 ? 100.0 * srv_cpu / send_secs : -1.0, hwm / 1024.0, rss / 1024.0,
           100.0 * self_cpu / send_secs, 100.0 * (mach1 - mach0) / send_secs,
           100.0 * ((mach1 - mach0) - self_cpu - (srv_cpu > 0 ? srv_cpu : 0)) / send_secs, sysconf(_SC_NPROCESSORS_ONLN),
           (unsigned long long)n_errors, (unsigned long long)n_unknown_runs,
           (double)(t_drain_end - t_send_end) / 1e6,
           (unsigned long long)n_msgs_rx, (unsigned long long)n_ops_msgs, (unsigned long long)n_ops_batches,
           n_ops_msgs ? (double)n_ops_batches / (double)n_ops_msgs : 0.0,
           err_json);
    (void)n_late_deliveries;
    fflush(stdout);
}
