#define _GNU_SOURCE
#include "websocket_reads.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

/// Where one client-to-server byte stream is: inside a frame header (`have` bytes of it so
/// far) or inside a payload (`remaining` bytes left).
struct frame_position {
    uint8_t tracked;
    uint8_t opcode;
    uint8_t have;
    uint8_t need;
    uint8_t header[14];
    uint64_t remaining;
    uint8_t in_payload;
    /// A read ended after a ping: nothing more is read until lws has written its pong.
    uint8_t awaiting_pong;
};

// Per service thread, indexed by file descriptor: each thread sees only its own sockets, so no
// lock is needed, and a descriptor number reused by another thread meanwhile cannot collide.
static _Thread_local int is_service_thread;
static _Thread_local struct frame_position *positions;
static _Thread_local int capacity;

void tavolo_reads_claim_thread(void) { is_service_thread = 1; }

void tavolo_reads_release_thread(void) {
    free(positions);
    positions = NULL;
    capacity = 0;
    is_service_thread = 0;
}

void tavolo_reads_track(int fd) {
    if (fd < 0 || !is_service_thread) return;
    if (fd >= capacity) {
        int grown = capacity ? capacity : 256;
        while (grown <= fd) grown *= 2;
        struct frame_position *bigger = realloc(positions, sizeof *positions * (size_t)grown);
        if (!bigger) return;  // untracked: lws's own behaviour, nothing worse
        memset(bigger + capacity, 0, sizeof *positions * (size_t)(grown - capacity));
        positions = bigger;
        capacity = grown;
    }
    memset(&positions[fd], 0, sizeof positions[fd]);
    positions[fd].tracked = 1;
}

void tavolo_reads_resume(int fd) {
    if (fd >= 0 && fd < capacity) positions[fd].awaiting_pong = 0;
}

void tavolo_reads_forget(int fd) {
    if (fd >= 0 && fd < capacity) positions[fd].tracked = 0;
}

/// Follows `count` bytes; returns how many it took. With `stop_after_ping`, it stops right after
/// the first ping frame that ends within them, and says so in `*ping_ended`.
static size_t follow(struct frame_position *at, const uint8_t *bytes, size_t count, int stop_after_ping, int *ping_ended) {
    size_t i = 0;
    while (i < count) {
        if (at->in_payload) {
            uint64_t left = count - i;
            uint64_t take = at->remaining < left ? at->remaining : left;
            i += (size_t)take;
            at->remaining -= take;
        } else {
            at->header[at->have++] = bytes[i++];
            if (at->have == 2) {
                uint8_t length7 = at->header[1] & 0x7F;
                at->need = (uint8_t)(2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((at->header[1] & 0x80) ? 4 : 0));
            }
            if (at->have < 2 || at->have < at->need) continue;
            uint8_t length7 = at->header[1] & 0x7F;
            uint64_t length = length7;
            if (length7 == 126) length = (uint64_t)at->header[2] << 8 | at->header[3];
            if (length7 == 127) {
                length = 0;
                for (int k = 2; k < 10; k++) length = length << 8 | at->header[k];
            }
            at->opcode = at->header[0] & 0x0F;
            at->have = 0;
            at->remaining = length;
            at->in_payload = 1;
        }
        if (at->in_payload && at->remaining == 0) {
            at->in_payload = 0;
            if (stop_after_ping && at->opcode == 0x9) {
                *ping_ended = 1;
                return i;
            }
        }
    }
    return i;
}

ssize_t recv(int fd, void *buffer, size_t length, int flags) {
    if (!is_service_thread || flags != 0 || fd < 0 || fd >= capacity || !positions[fd].tracked)
        return recvfrom(fd, buffer, length, flags, NULL, NULL);
    if (positions[fd].awaiting_pong) {
        errno = EAGAIN;  // lws reads again on the next readable event
        return -1;
    }
    ssize_t peeked = recvfrom(fd, buffer, length, MSG_PEEK, NULL, NULL);
    if (peeked <= 0) return peeked;  // end of stream or error, as recv would say
    struct frame_position after = positions[fd];
    int ping_ended = 0;
    size_t cut = follow(&after, buffer, (size_t)peeked, 1, &ping_ended);
    ssize_t taken = recvfrom(fd, buffer, cut, 0, NULL, NULL);
    if (taken == (ssize_t)cut) {
        positions[fd] = after;
        positions[fd].awaiting_pong = (uint8_t)ping_ended;
    } else if (taken > 0) {
        follow(&positions[fd], buffer, (size_t)taken, 0, &ping_ended);
    }
    return taken;
}
