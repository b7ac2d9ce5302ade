// What Swift cannot import from libwebsockets directly, and nothing else.
#ifndef TAVOLO_CLIBWEBSOCKETS_SHIM_H
#define TAVOLO_CLIBWEBSOCKETS_SHIM_H

#include <libwebsockets.h>

/// `LWS_PRE` is a ternary macro; Swift sees it through this constant.
static const size_t tavolo_lws_pre = LWS_PRE;

#endif
