// What Swift cannot import from libwebsockets directly, and nothing else.
#ifndef TAVOLO_CLIBWEBSOCKETS_SHIM_H
#define TAVOLO_CLIBWEBSOCKETS_SHIM_H

#include <libwebsockets.h>
// libev, to own the epoll loop lws's libev plugin runs on (`LWS_SERVER_OPTION_LIBEV` with a foreign loop).
#include <ev.h>

/// `LWS_PRE` is a ternary macro; Swift sees it through this constant.
static const size_t tavolo_lws_pre = LWS_PRE;

#endif
