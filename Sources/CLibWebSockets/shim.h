// What Swift cannot import from libwebsockets and libev directly, and nothing else.
#ifndef TAVOLO_CLIBWEBSOCKETS_SHIM_H
#define TAVOLO_CLIBWEBSOCKETS_SHIM_H

#include <libwebsockets.h>
// libev, to own the epoll loop lws's libev plugin runs on (`LWS_SERVER_OPTION_LIBEV` with a foreign loop).
#include <ev.h>

// The timer servicing below relies on lws 4.1's scheduler: every timer of a service thread
// (`lws_set_timeout`, `lws_set_timer_usecs`, the validity pings of `retry_and_idle_policy`) is an
// `lws_sorted_usec_list_t` on one of the thread's `LWS_COUNT_PT_SUL_OWNERS` sorted lists.
#if LWS_LIBRARY_VERSION_MAJOR != 4 || LWS_LIBRARY_VERSION_MINOR != 1
#error "tavolo_timer_lists is written for libwebsockets 4.1: check its timer scheduler"
#endif

static void tavolo_probe_fired(lws_sorted_usec_list_t *sul) { (void)sul; }

/// The service thread's timer lists, for `tavolo_service_timers`. lws does not publish where they
/// live, so a probe timer is scheduled (it lands on the first list, `LWSSULLI_MISS_IF_SUSPENDED`),
/// its list read back and the probe cancelled. Valid as long as the context.
static inline lws_dll2_owner_t *tavolo_timer_lists(struct lws_context *context) {
    lws_sorted_usec_list_t probe;
    memset(&probe, 0, sizeof probe);
    lws_sul_schedule(context, 0, &probe, tavolo_probe_fired, LWS_US_PER_SEC);
    lws_dll2_owner_t *lists = probe.list.owner;
    lws_sul_cancel(&probe);
    return lists;
}

/// Runs every lws timer that is due, in order, and returns the microseconds until the next one
/// (0: none). The same call lws's libev plugin makes; lws exports it for code that services its
/// timers itself. On a foreign loop the plugin cannot be trusted with it: it re-arms its libev timer
/// with `ev_timer_set` while that timer is still active, which libev ignores, so a timer due sooner
/// than the one armed waits for it (or for the next socket event).
static inline lws_usec_t tavolo_service_timers(lws_dll2_owner_t *lists) {
    return __lws_sul_service_ripe(lists, LWS_COUNT_PT_SUL_OWNERS, lws_now_usecs());
}

static void tavolo_wake_fired(struct ev_loop *loop, ev_timer *timer, int events) { (void)loop; (void)timer; (void)events; }

/// A libev timer that only wakes the loop (`ev_timer_init` is a macro Swift cannot call).
static inline void tavolo_wake_init(ev_timer *timer) { ev_timer_init(timer, tavolo_wake_fired, 0., 0.); }

/// Arms `timer` to wake `loop` in `microseconds`, or disarms it for 0. Stopped first: libev
/// ignores `ev_timer_start` on an active timer.
static inline void tavolo_wake_after(struct ev_loop *loop, ev_timer *timer, lws_usec_t microseconds) {
    ev_timer_stop(loop, timer);
    if (microseconds <= 0) return;
    ev_timer_set(timer, (ev_tstamp)microseconds / 1e6, 0.);
    ev_timer_start(loop, timer);
}

/// `LWS_PRE` is a ternary macro; Swift sees it through this constant.
static const size_t tavolo_lws_pre = LWS_PRE;

#endif
