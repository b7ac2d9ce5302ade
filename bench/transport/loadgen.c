/*
 * Native WebSocket load generator for bench/transport/run.sh (libwebsockets client API,
 * one thread, poll loop). It opens N connections to ws://127.0.0.1:PORT/ws?channel=...,
 * runs one scenario for warmup + duration seconds, drains, closes, and prints one JSON
 * line with what it measured. Every message is 32 bytes (binary) and carries its send
 * time, so latency is taken from the lws_write of a message to its receipt.
 *
 *   echo:  each client alone in its own channel, closed loop with --depth messages in
 *          flight (default 1): round trips per second and round-trip latency.
 *   room:  all clients in one channel (the relay delivers each message to all of them,
 *          the sender included); senders take turns. Either open loop at --rate
 *          deliveries per second (sends/s = rate / clients), or closed loop with
 *          --window messages in flight (saturation): deliveries per second and
 *          send-to-delivery latency.
 *
 * With --server-pid it reads the server's CPU time (all threads, /proc/PID/stat) at the
 * start and end of the measured window. Bounded: it exits by itself after
 * connect-timeout + warmup + duration + drain + close (a few seconds) at most.
 *
 * Build: gcc -O2 -pthread -o loadgen loadgen.c $(pkg-config --cflags --libs libwebsockets)
 */
#include <libwebsockets.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MSG_SIZE 32
#define FLAG_MEASURED 1u
#define MAGIC 0x21214f4c4f564154ull /* "TAVOLO!!" */

enum phase { CONNECTING, WARMUP, MEASURE, DRAIN, CLOSING, DONE };

struct client {
	struct lws *wsi;
	int index;
	int established;
	int closing;
	int failed;
	uint32_t pending; /* messages this client should write */
	char path[160];
};

static struct {
	/* options */
	int port;
	const char *mode;
	int clients;
	double rate;   /* room open loop: deliveries per second */
	int window;    /* room closed loop: messages in flight */
	int depth;     /* echo: messages in flight per client */
	double warmup, duration, drain, connect_timeout;
	int server_pid;
	const char *label;
	const char *channel;

	/* state */
	struct lws_context *context;
	struct client *all;
	enum phase phase;
	uint64_t t_connect, t_start, t_measure, t_measure_end, t_drain_end, t_close_deadline;
	int established, open, failed, closed_early;
	uint64_t scheduled; /* open loop: sends handed to clients since t_start */
	int next_sender;
	uint64_t seq;
	pthread_t ticker;
	atomic_int stop_ticker;

	/* counts */
	uint64_t sent_total, sent_measured, recv_total, recv_in_window, recv_of_measured;
	int64_t outstanding;
	uint32_t *lat; /* latencies in units of 100 ns */
	size_t lat_n, lat_cap;
	uint64_t corrupt;
	uint64_t cpu_ticks_start[2], cpu_ticks_end[2];
	uint64_t stat_start[2], stat_end[2]; /* machine: busy and total ticks, all CPUs */
	uint64_t gen_cpu_start, gen_cpu_end;
	char error[200];
} g;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t process_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* utime and stime of a process (all its threads), in clock ticks. */
static int read_cpu_ticks(int pid, uint64_t out[2])
{
	char path[64], buf[2048];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	char *p = strrchr(buf, ')'); /* the command name may hold spaces */
	if (!p)
		return -1;
	unsigned long long utime, stime;
	/* after ")": state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime */
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2)
		return -1;
	out[0] = utime;
	out[1] = stime;
	return 0;
}

/* Busy and total ticks of the whole machine (first line of /proc/stat). */
static int read_machine_ticks(uint64_t out[2])
{
	unsigned long long v[8] = {0};
	FILE *f = fopen("/proc/stat", "r");
	if (!f)
		return -1;
	int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
		       &v[6], &v[7]);
	fclose(f);
	if (n < 5)
		return -1;
	uint64_t total = 0;
	for (int i = 0; i < 8; i++)
		total += v[i];
	out[0] = total - v[3] - v[4]; /* minus idle and iowait */
	out[1] = total;
	return 0;
}

static void record_latency(uint64_t ns)
{
	if (g.lat_n == g.lat_cap) {
		size_t cap = g.lat_cap ? g.lat_cap * 2 : 1 << 20;
		if (cap > (size_t)64 << 20)
			return; /* 64M samples is plenty */
		uint32_t *p = realloc(g.lat, cap * sizeof *p);
		if (!p)
			return;
		g.lat = p;
		g.lat_cap = cap;
	}
	uint64_t units = ns / 100;
	g.lat[g.lat_n++] = units > UINT32_MAX ? UINT32_MAX : (uint32_t)units;
}

static void want_send(struct client *c)
{
	if (!c->wsi || !c->established || c->closing)
		return;
	c->pending++;
	lws_callback_on_writable(c->wsi);
}

static struct client *next_room_sender(void)
{
	for (int tries = 0; tries < g.clients; tries++) {
		struct client *c = &g.all[g.next_sender];
		g.next_sender = (g.next_sender + 1) % g.clients;
		if (c->wsi && c->established && !c->closing)
			return c;
	}
	return NULL;
}

static int is_room(void) { return !strcmp(g.mode, "room"); }

static void start_load(void)
{
	g.phase = WARMUP;
	g.t_start = now_ns();
	g.t_measure = g.t_start + (uint64_t)(g.warmup * 1e9);
	g.t_measure_end = g.t_measure + (uint64_t)(g.duration * 1e9);
	g.t_drain_end = g.t_measure_end + (uint64_t)(g.drain * 1e9);
	if (!is_room()) {
		for (int i = 0; i < g.clients; i++)
			for (int d = 0; d < g.depth; d++)
				want_send(&g.all[i]);
	} else if (g.window > 0) {
		for (int i = 0; i < g.window; i++) {
			struct client *c = next_room_sender();
			if (c)
				want_send(c);
		}
	}
}

static void begin_close(void)
{
	g.phase = CLOSING;
	g.t_close_deadline = now_ns() + 2000000000ull;
	for (int i = 0; i < g.clients; i++) {
		struct client *c = &g.all[i];
		if (c->wsi) {
			c->closing = 1;
			lws_callback_on_writable(c->wsi);
		}
	}
}

/*
 * Every millisecond a helper thread wakes the service loop with lws_cancel_service(), and
 * on_tick() runs on the service thread (LWS_CALLBACK_EVENT_WAIT_CANCELLED). An lws timer
 * (lws_sul) would do the same, but lws 4.1 polls with a timeout in whole milliseconds, so a
 * timer less than 1 ms away makes it spin, and the load generator would burn its core.
 */
static void *ticker_main(void *arg)
{
	(void)arg;
	struct timespec ms = {0, 1000000};
	while (!atomic_load(&g.stop_ticker)) {
		nanosleep(&ms, NULL);
		lws_cancel_service(g.context);
	}
	return NULL;
}

/* Phase changes, open-loop pacing, deadlines. */
static void on_tick(void)
{
	uint64_t t = now_ns();
	switch (g.phase) {
	case CONNECTING:
		if (g.established + g.failed >= g.clients) {
			if (g.failed) {
				snprintf(g.error, sizeof g.error, "%d of %d connections failed", g.failed, g.clients);
				begin_close();
			} else {
				start_load();
			}
		} else if (t > g.t_connect + (uint64_t)(g.connect_timeout * 1e9)) {
			snprintf(g.error, sizeof g.error, "only %d of %d connections opened in %.0f s",
				 g.established, g.clients, g.connect_timeout);
			begin_close();
		}
		break;
	case WARMUP:
	case MEASURE:
		if (g.phase == WARMUP && t >= g.t_measure) {
			g.phase = MEASURE;
			g.gen_cpu_start = process_cpu_ns();
			read_machine_ticks(g.stat_start);
			if (g.server_pid && read_cpu_ticks(g.server_pid, g.cpu_ticks_start))
				g.server_pid = 0;
		}
		if (g.phase == MEASURE && t >= g.t_measure_end) {
			g.phase = DRAIN;
			g.gen_cpu_end = process_cpu_ns();
			read_machine_ticks(g.stat_end);
			if (g.server_pid && read_cpu_ticks(g.server_pid, g.cpu_ticks_end))
				g.server_pid = 0;
			break;
		}
		if (is_room() && g.rate > 0) {
			double sends_per_s = g.rate / g.clients;
			uint64_t due = (uint64_t)(sends_per_s * (double)(t - g.t_start) / 1e9);
			while (g.scheduled < due) {
				struct client *c = next_room_sender();
				g.scheduled++;
				if (c)
					want_send(c);
			}
		}
		break;
	case DRAIN:
		if (t >= g.t_drain_end)
			begin_close();
		break;
	case CLOSING:
		if (g.open <= 0 || t >= g.t_close_deadline)
			g.phase = DONE;
		break;
	case DONE:
		break;
	}
}

static void on_message(struct client *c, const uint8_t *in, size_t len)
{
	uint64_t t = now_ns();
	g.recv_total++;
	if (len < MSG_SIZE)
		return;
	uint64_t stamp;
	uint32_t sender, flags;
	memcpy(&stamp, in, 8);
	memcpy(&sender, in + 8, 4);
	memcpy(&flags, in + 12, 4);
	uint64_t magic;
	memcpy(&magic, in + 24, 8);
	if (magic != MAGIC || stamp > t || sender >= (uint32_t)g.clients) {
		g.corrupt++;
		return;
	}
	if (g.phase == MEASURE && t < g.t_measure_end)
		g.recv_in_window++;
	if (flags & FLAG_MEASURED) {
		g.recv_of_measured++;
		record_latency(t - stamp);
	}
	if ((int)sender != c->index || g.phase >= DRAIN)
		return;
	/* Our own message came back: closed loops send the next one. */
	if (!is_room()) {
		want_send(c);
	} else if (g.window > 0) {
		struct client *s = next_room_sender();
		if (s)
			want_send(s);
	}
}

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	struct client *c = (struct client *)user;
	uint8_t buf[LWS_PRE + MSG_SIZE];

	switch (reason) {
	case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
		on_tick();
		break;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		c->established = 1;
		g.established++;
		g.open++;
		break;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		fprintf(stderr, "loadgen: connection %d failed: %s\n", c ? c->index : -1,
			in ? (const char *)in : "(no reason)");
		if (c) {
			c->wsi = NULL;
			if (!c->failed) {
				c->failed = 1;
				g.failed++;
			}
		}
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		if (lws_is_first_fragment(wsi))
			on_message(c, (const uint8_t *)in, len);
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if (c->closing) {
			lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, NULL, 0);
			return -1;
		}
		if (!c->pending)
			break;
		{
			uint64_t t = now_ns();
			uint32_t sender = (uint32_t)c->index;
			uint32_t flags = (g.phase == MEASURE && t < g.t_measure_end) ? FLAG_MEASURED : 0;
			uint64_t seq = ++g.seq;
			uint8_t *p = buf + LWS_PRE;
			memset(p, 0, MSG_SIZE);
			memcpy(p, &t, 8);
			memcpy(p + 8, &sender, 4);
			memcpy(p + 12, &flags, 4);
			memcpy(p + 16, &seq, 8);
			uint64_t magic = MAGIC;
			memcpy(p + 24, &magic, 8);
			if (lws_write(wsi, p, MSG_SIZE, LWS_WRITE_BINARY) < MSG_SIZE)
				return -1;
			c->pending--;
			g.sent_total++;
			if (flags)
				g.sent_measured++;
		}
		if (c->pending)
			lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		if (g.phase < CLOSING && len >= 2) {
			const uint8_t *b = in;
			fprintf(stderr, "loadgen: server closed connection %d with %d %.*s\n", c->index,
				(b[0] << 8) | b[1], (int)len - 2, (const char *)b + 2);
		}
		break;
	case LWS_CALLBACK_CLIENT_CLOSED:
		if (c) {
			if (g.phase < CLOSING)
				g.closed_early++;
			c->wsi = NULL;
			c->established = 0;
			g.open--;
		}
		break;
	default:
		break;
	}
	return 0;
}

static const struct lws_protocols protocols[] = {
	{"tavolo.v1", callback, 0, 4096, 0, NULL, 0},
	{NULL, NULL, 0, 0, 0, NULL, 0}
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static double pct_ms(double p)
{
	if (!g.lat_n)
		return -1;
	size_t i = (size_t)(p * (double)(g.lat_n - 1) + 0.5);
	return g.lat[i] / 1e4;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: loadgen --port P --mode echo|room --clients N [--rate DELIVERIES_PER_S | --window W]\n"
		"               [--depth D] [--warmup S] [--duration S] [--drain S] [--server-pid PID]\n"
		"               [--label NAME] [--channel NAME]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	g.mode = "echo";
	g.clients = 1;
	g.depth = 1;
	g.warmup = 2;
	g.duration = 8;
	g.drain = 1;
	g.connect_timeout = 15;
	g.label = "server";
	g.channel = "bench";
	static const struct option opts[] = {
		{"port", 1, 0, 'p'}, {"mode", 1, 0, 'm'}, {"clients", 1, 0, 'c'}, {"rate", 1, 0, 'r'},
		{"window", 1, 0, 'w'}, {"depth", 1, 0, 'd'}, {"warmup", 1, 0, 'W'}, {"duration", 1, 0, 'D'},
		{"drain", 1, 0, 'R'}, {"server-pid", 1, 0, 's'}, {"label", 1, 0, 'l'}, {"channel", 1, 0, 'C'},
		{0, 0, 0, 0}};
	int o;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'p': g.port = atoi(optarg); break;
		case 'm': g.mode = optarg; break;
		case 'c': g.clients = atoi(optarg); break;
		case 'r': g.rate = atof(optarg); break;
		case 'w': g.window = atoi(optarg); break;
		case 'd': g.depth = atoi(optarg); break;
		case 'W': g.warmup = atof(optarg); break;
		case 'D': g.duration = atof(optarg); break;
		case 'R': g.drain = atof(optarg); break;
		case 's': g.server_pid = atoi(optarg); break;
		case 'l': g.label = optarg; break;
		case 'C': g.channel = optarg; break;
		default: usage();
		}
	}
	if (g.port <= 0 || g.clients <= 0 || g.clients > 10000 || g.depth <= 0 || g.duration <= 0 ||
	    g.warmup < 0 || g.duration > 600 || g.warmup > 600 || g.drain < 0 || g.drain > 60 ||
	    (strcmp(g.mode, "echo") && strcmp(g.mode, "room")) ||
	    (is_room() && (g.rate > 0) == (g.window > 0)))
		usage();
	signal(SIGPIPE, SIG_IGN);
	lws_set_log_level(LLL_ERR, NULL);

	struct lws_context_creation_info info;
	memset(&info, 0, sizeof info);
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	info.fd_limit_per_thread = (unsigned int)g.clients + 16;
	g.context = lws_create_context(&info);
	if (!g.context) {
		fprintf(stderr, "loadgen: lws_create_context failed\n");
		return 1;
	}
	g.all = calloc((size_t)g.clients, sizeof *g.all);
	g.t_connect = now_ns();
	char origin[64];
	snprintf(origin, sizeof origin, "http://127.0.0.1:%d", g.port);
	for (int i = 0; i < g.clients; i++) {
		struct client *c = &g.all[i];
		c->index = i;
		if (is_room())
			snprintf(c->path, sizeof c->path, "/ws?channel=%s", g.channel);
		else
			snprintf(c->path, sizeof c->path, "/ws?channel=%s-%d", g.channel, i);
		struct lws_client_connect_info ci;
		memset(&ci, 0, sizeof ci);
		ci.context = g.context;
		ci.address = "127.0.0.1";
		ci.port = g.port;
		ci.path = c->path;
		ci.host = "127.0.0.1";
		ci.origin = origin;
		ci.protocol = "tavolo.v1";
		ci.userdata = c;
		ci.pwsi = &c->wsi;
		if (!lws_client_connect_via_info(&ci) && !c->failed) {
			c->failed = 1; /* unless CONNECTION_ERROR already said so */
			g.failed++;
		}
	}
	g.phase = CONNECTING;
	if (pthread_create(&g.ticker, NULL, ticker_main, NULL)) {
		fprintf(stderr, "loadgen: pthread_create failed\n");
		return 1;
	}

	/* Hard stop whatever happens: the whole run plus a margin. */
	uint64_t hard_stop = g.t_connect +
		(uint64_t)((g.connect_timeout + g.warmup + g.duration + g.drain + 5) * 1e9);
	while (g.phase != DONE && now_ns() < hard_stop)
		if (lws_service(g.context, 0) < 0)
			break;
	if (g.phase != DONE && !g.error[0] && g.phase < DRAIN)
		snprintf(g.error, sizeof g.error, "hard stop before the measured window ended");
	atomic_store(&g.stop_ticker, 1);
	pthread_join(g.ticker, NULL);
	lws_context_destroy(g.context);

	qsort(g.lat, g.lat_n, sizeof *g.lat, cmp_u32);
	double window = g.duration;
	int measured = g.gen_cpu_end != 0;
	printf("{\"server\":\"%s\",\"mode\":\"%s\",\"clients\":%d", g.label, g.mode, g.clients);
	if (is_room() && g.rate > 0)
		printf(",\"offered_deliveries_per_s\":%.0f", g.rate);
	if (is_room() && g.window > 0)
		printf(",\"window_messages\":%d", g.window);
	if (!is_room())
		printf(",\"depth\":%d", g.depth);
	printf(",\"ok\":%s", (!g.error[0] && measured && !g.closed_early && !g.corrupt) ? "true" : "false");
	if (g.error[0])
		printf(",\"error\":\"%s\"", g.error);
	if (measured) {
		uint64_t expected = g.sent_measured * (is_room() ? (uint64_t)g.clients : 1);
		printf(",\"duration_s\":%.1f,\"sent_per_s\":%.0f,\"%s\":%.0f", window,
		       g.sent_measured / window, is_room() ? "deliveries_per_s" : "round_trips_per_s",
		       g.recv_in_window / window);
		printf(",\"delivered_fraction\":%.4f", expected ? (double)g.recv_of_measured / (double)expected : 0.0);
		printf(",\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f", pct_ms(0.50), pct_ms(0.90),
		       pct_ms(0.99), pct_ms(1.0));
		double gen_cpu = (double)(g.gen_cpu_end - g.gen_cpu_start) / 1e9 / window;
		printf(",\"loadgen_cpu\":%.2f", gen_cpu);
		double machine_cpu = -1;
		if (g.stat_end[1] > g.stat_start[1]) {
			/* cores busy on the whole machine during the window */
			machine_cpu = (double)(g.stat_end[0] - g.stat_start[0]) / (double)(g.stat_end[1] - g.stat_start[1]) *
				      (double)sysconf(_SC_NPROCESSORS_ONLN);
			printf(",\"machine_cpu\":%.2f", machine_cpu);
		}
		if (g.server_pid) {
			double hz = (double)sysconf(_SC_CLK_TCK);
			double user = (double)(g.cpu_ticks_end[0] - g.cpu_ticks_start[0]) / hz;
			double sys = (double)(g.cpu_ticks_end[1] - g.cpu_ticks_start[1]) / hz;
			printf(",\"server_cpu_s\":%.2f,\"server_user_s\":%.2f,\"server_sys_s\":%.2f,\"server_cpu\":%.2f",
			       user + sys, user, sys, (user + sys) / window);
			if (machine_cpu >= 0) {
				/* what other processes took meanwhile: a noisy machine makes the figures unreliable */
				double other = machine_cpu - gen_cpu - (user + sys) / window;
				printf(",\"other_cpu\":%.2f", other < 0 ? 0 : other);
			}
			if (g.recv_in_window)
				printf(",\"server_cpu_us_per_msg\":%.2f", (user + sys) * 1e6 / (double)g.recv_in_window);
		}
	}
	printf(",\"corrupt\":%" PRIu64 ",\"closed_early\":%d}\n", g.corrupt, g.closed_early);
	free(g.lat);
	free(g.all);
	return g.error[0] ? 1 : 0;
}
