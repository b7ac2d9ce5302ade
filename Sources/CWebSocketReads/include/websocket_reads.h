// Reads of WebSocket connections end after each ping frame, so libwebsockets answers every ping.
//
// libwebsockets 4.1.6 keeps one pending pong per connection and drops every ping that completes
// while it is still unsent (`DROP PING since one pending`, lib/roles/ws/ops-ws.c). It parses a
// whole read at once and writes the pong only on the next writable event, so ten pings that
// arrive in one read get one pong (Autobahn 2.10/2.11). No callback sees pings. This target
// defines `recv` for the process (lws calls it through the PLT for plain sockets): on a service
// thread, for a tracked socket, it peeks first, follows the client's frame headers, and returns
// only up to the end of the first ping it finds. lws parses that ping and writes its pong on the
// next writable event, ahead of the application's writable callback; until that callback runs
// (`tavolo_reads_resume`), reads of the socket say "try again", so the next ping is parsed only
// once the pong is out, whatever order the event loop reports readable and writable in (libev
// reports them to separate watchers, in no set order). Any other call, thread or
// socket goes straight to `recvfrom`. The frame tracking only decides where a read ends: if it
// ever lost its place, reads would be cut shorter or not at all, never corrupted.
#ifndef TAVOLO_WEBSOCKET_READS_H
#define TAVOLO_WEBSOCKET_READS_H

/// Marks the calling thread as one that runs `lws_service`; only its reads are looked at.
void tavolo_reads_claim_thread(void);
/// Frees the calling thread's tracking state (at the end of the service thread).
void tavolo_reads_release_thread(void);
/// Starts following the frames of `fd`, an established WebSocket, on the calling service thread.
void tavolo_reads_track(int fd);
/// The application's writable callback for `fd` runs: any pong lws owed is written, reads go on.
void tavolo_reads_resume(int fd);
/// Stops following `fd` (its connection closed).
void tavolo_reads_forget(int fd);

#endif
