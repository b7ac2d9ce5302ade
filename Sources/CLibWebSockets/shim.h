// What Swift cannot import from libwebsockets directly, and nothing else.
#ifndef TAVOLO_CLIBWEBSOCKETS_SHIM_H
#define TAVOLO_CLIBWEBSOCKETS_SHIM_H

#include <libwebsockets.h>
// libev, to own the epoll loop lws's libev plugin runs on (`LWS_SERVER_OPTION_LIBEV` with a foreign loop).
#include <ev.h>

/// A repeating libev timer that only wakes the loop (`ev_timer_init` is a macro Swift cannot
/// call): on the libev loop the service thread checks waiting HTTP requests itself, because a
/// timer lws re-arms from its own callback never fires again there.
static void tavolo_wake_fired(struct ev_loop *loop, ev_timer *timer, int events) { (void)loop; (void)timer; (void)events; }
static inline void tavolo_wake_init(ev_timer *timer, double seconds) { ev_timer_init(timer, tavolo_wake_fired, seconds, seconds); }

/// `LWS_PRE` is a ternary macro; Swift sees it through this constant.
static const size_t tavolo_lws_pre = LWS_PRE;

#endif
