// The live-table client (docs/protocol.md): one replica of a table's document, kept in
// sync with the server. Edits apply locally at once and are sent in small batches;
// they stay pending until acknowledged and are resent after every reconnect, so a
// dropped connection loses nothing. Used by the browser and by the Node tests alike.

import { Document, Version, encodeOperations } from '../crdt/document.js';
import { toBase64, fromBase64 } from './base64.js';
import { splitRuns, operationCount } from './batches.js';

/** Protocol version 2: an `ops` message may carry several batches (`batches`), see receiveOperations. */
const PROTOCOL = 2;

/** Operations per `ops` message: under the server's default maxOperationsPerMessage (10,000). */
const MAX_OPERATIONS_PER_MESSAGE = 5000;

/** Errors that refuse a batch of operations for good: the replica is rebuilt from the server's copy. */
export const REFUSALS = new Set(['forbidden', 'forged_author', 'malformed_operations', 'missing_dependencies']);

/** Limits a refused batch stays past however long it waits: the table, and each member's share of it, only grow (docs/protocol.md "Quotas"). */
const LASTING_LIMITS = new Set(['memberSharePercent', 'reservePercent', 'maxDocumentOperations']);

/** How long edits refused by the per-minute quota wait before they go again: the server counts the minute in ten-second steps. */
const QUOTA_RETRY_MS = 10_000;

/** Whether `error` refuses a batch of operations for good, rather than for now (a rate limit). */
export const refusedForGood = (error) => REFUSALS.has(error.code) || (error.code === 'limit_exceeded' && LASTING_LIMITS.has(error.limit));

/** Whether `error` is the per-minute quota: the batch waits QUOTA_RETRY_MS, however much I type meanwhile. */
export const waitsForQuota = (error) => error.code === 'limit_exceeded' && error.limit === 'memberOperationsPerMinute';

export class TableClient {
  /**
   * @param {object} options
   * @param {string} options.url WebSocket URL of /ws
   * @param {string} options.table table id
   * @param {string} options.replica this tab's replica id (keep it in sessionStorage)
   * @param {string} [options.token] invitation token
   * @param {string} [options.name] display name (open mode only; invitations carry their own)
   * @param {typeof WebSocket} [options.WebSocketImpl]
   * @param {number} [options.batchDelayMs] how long edits wait to be sent together (default 20)
   */
  constructor(options) {
    this.options = { batchDelayMs: 20, WebSocketImpl: globalThis.WebSocket, ...options };
    this.replica = options.replica;
    this.document = new Document(this.replica);
    this.principal = null;      // who the server says we are (`welcome`), e.g. "invitation:5b1e…"
    this.state = null;          // the table's live state (sessions, queue, polls…)
    this.members = new Map();   // replica -> presence
    this.status = 'offline';    // offline | connecting | online
    this.listeners = new Map();
    this.socket = null;
    this.sent = 0;              // own operations sent on this connection
    this.pendingRefs = new Map();  // ref -> {from, to}: the own operations that message carried
    this.nextRef = 1;
    this.waiting = new Map();   // ref -> {resolve, reject} for actions and invitations
    this.flushTimer = null;
    this.retryDelay = 500;
    this.closedByUs = false;
    this.resyncing = false;
    this.heldUntil = 0;         // no edits are sent before this time (ms): the per-minute quota was reached
  }

  /**
   * `event`: 'status', 'change', 'state', 'presence', 'error', 'refused', 'delayed', 'synced'. A
   * 'change' (the document changed by others) carries `{author, patches, reset}`: `patches` are
   * the CRDT's text splices (docs: web/crdt/README.md) for editors to replay; `reset` means the
   * document was replaced (a snapshot or a resync), so editors must reload what they show.
   * 'refused' (the error) means the server refused a batch of my edits for good: the replica
   * restarts from the server's copy (a 'change' with `reset` follows). 'delayed' (the error)
   * means a batch was refused for now (a rate limit or the per-minute quota): it goes again later.
   */
  on(event, listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(listener);
    return () => this.listeners.get(event).delete(listener);
  }

  emit(event, value) {
    for (const listener of this.listeners.get(event) ?? []) listener(value);
  }

  /** True when every local edit is acknowledged. */
  get synced() {
    return this.status === 'online' && this.pendingRefs.size === 0 && this.sent === this.document.version.get(this.replica);
  }

  connect() {
    this.closedByUs = false;
    this.setStatus('connecting');
    const socket = new this.options.WebSocketImpl(this.options.url, 'tavolo.v1');
    this.socket = socket;
    socket.onopen = () => {
      const hello = { type: 'hello', protocol: PROTOCOL, replica: this.replica };
      if (this.options.token) hello.token = this.options.token;
      if (this.options.name) hello.name = this.options.name;
      if (this.options.organisation) hello.organisation = this.options.organisation;
      if (this.options.role) hello.role = this.options.role;
      this.send(hello);
    };
    socket.onmessage = (event) => this.receive(JSON.parse(event.data));
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      // Why the server ended it (docs/protocol.md: 1001, 1008 with a reason, 1009, 1011, 1013), for the page to say.
      this.lastClose = { code: event?.code ?? 1006, reason: event?.reason ?? '' };
      this.pendingRefs.clear();
      for (const { reject } of this.waiting.values()) reject(new Error('disconnected'));
      this.waiting.clear();
      this.setStatus('offline');
      if (!this.closedByUs) {
        // Back off with jitter, so a restarting server is not flooded by every tab at once.
        const delay = this.retryDelay * (0.75 + Math.random() / 2);
        this.retryDelay = Math.min(this.retryDelay * 2, 10000);
        setTimeout(() => { if (!this.closedByUs && !this.socket) this.connect(); }, delay);
      }
    };
    socket.onerror = () => {};
  }

  close() {
    this.closedByUs = true;
    this.socket?.close();
  }

  /** Drops the connection as a network failure would (tests); the client reconnects by itself. */
  drop() {
    this.socket?.close();
  }

  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', status);
  }

  /** Sends if connected; what cannot be sent now is recovered at the next join (edits) or rejected (requests). */
  send(message) {
    if (this.socket && this.socket.readyState === 1) {
      this.socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  receive(message) {
    switch (message.type) {
      case 'welcome':
        this.principal = message.principal ?? null;
        this.send({ type: 'join', table: this.options.table, version: this.document.version.toJSON() });
        break;
      case 'joined': this.joined(message); break;
      case 'ops': this.receiveOperations(message); break;
      case 'ack':
        this.pendingRefs.delete(message.ref);
        if (this.synced) this.emit('synced');
        break;
      case 'table':
        this.state = message.state;
        this.emit('state', this.state);
        break;
      case 'presence':
        this.members.set(message.replica, message);
        this.emit('presence', this.members);
        break;
      case 'left':
        this.members.delete(message.replica);
        this.emit('presence', this.members);
        break;
      case 'done': case 'invitation': case 'audit':
        this.settle(message.ref, message);
        break;
      case 'error': this.failed(message); break;
    }
  }

  /**
   * Others' operations: one batch (`author`, `ops`, both protocol versions) or, in protocol 2,
   * several in order (`batches`). Each batch is applied and announced as if it had come alone, so
   * editors replay its patches against the text as it was after the batch before.
   */
  receiveOperations(message) {
    for (const batch of message.batches ?? [message]) {
      const { patches } = this.document.applyEncoded(fromBase64(batch.ops));
      this.emit('change', { author: batch.author, patches, reset: false });
    }
  }

  joined(message) {
    let patches = [];
    let reset = this.resyncing;
    if (message.snapshot) {
      this.document = Document.decodeSnapshot(fromBase64(message.snapshot), this.replica);
      reset = true;
    } else if (message.ops) {
      ({ patches } = this.document.applyEncoded(fromBase64(message.ops)));
    }
    if (message.state) { this.state = message.state; this.emit('state', this.state); }
    this.members = new Map((message.members ?? []).map((m) => [m.replica, m]));
    // What the server lacks of ours was never acknowledged: send it again from there.
    this.sent = new Version(message.version).get(this.replica);
    this.pendingRefs.clear();
    this.retryDelay = 500;
    this.resyncing = false;
    this.setStatus('online');
    this.emit('change', { author: null, patches, reset });
    this.emit('presence', this.members);
    this.flush();
  }

  /** Runs `edit(document)` and schedules sending what it produced. */
  edit(edit) {
    const result = edit(this.document);
    this.scheduleFlush();
    return result;
  }

  scheduleFlush() {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => { this.flushTimer = null; this.flush(); }, this.options.batchDelayMs);
  }

  /** Sends every local operation not sent on this connection yet. */
  flush() {
    if (this.status !== 'online' || this.resyncing || this.socket?.readyState !== 1 || Date.now() < this.heldUntil) return;
    const own = this.document.version.get(this.replica);
    if (own <= this.sent) return;
    const since = new Version(this.document.version.counts);
    since.counts.set(this.replica, this.sent);
    if (this.sent === 0) since.counts.delete(this.replica);
    for (const runs of splitRuns(this.document.operations(since), MAX_OPERATIONS_PER_MESSAGE)) {
      const ref = this.nextRef++;
      const to = this.sent + operationCount(runs);
      this.pendingRefs.set(ref, { from: this.sent, to });
      this.sent = to;
      this.send({ type: 'ops', ref, ops: toBase64(encodeOperations(runs)) });
    }
  }

  failed(error) {
    this.emit('error', error);
    if (error.ref !== undefined && this.waiting.has(error.ref)) {
      this.settle(error.ref, null, error);
      return;
    }
    if (error.ref !== undefined && this.pendingRefs.has(error.ref)) {
      if (refusedForGood(error)) {
        this.pendingRefs.delete(error.ref);
        this.emit('refused', error);
        // The local replica holds edits the server refused: start again from the server's copy.
        this.resync();
      } else {
        // A rate limit: this message and everything after it go again, a little later (after
        // the per-minute quota, not before the server would take them, even while typing on).
        this.sent = Math.min(this.sent, this.pendingRefsFrom(error.ref));
        const quota = waitsForQuota(error);
        const wait = quota ? QUOTA_RETRY_MS : 1000;
        if (quota) this.heldUntil = Date.now() + wait;
        this.emit('delayed', error);
        setTimeout(() => this.flush(), wait);
      }
    }
  }

  /** Forgets `ref` and every later message; returns where `ref` started. */
  pendingRefsFrom(ref) {
    const from = this.pendingRefs.get(ref).from;
    for (const [other, range] of [...this.pendingRefs]) if (range.from >= from) this.pendingRefs.delete(other);
    return from;
  }

  resync() {
    this.pendingRefs.clear();
    this.resyncing = true;
    this.document = new Document(this.replica);
    this.send({ type: 'join', table: this.options.table, version: {} });
  }

  /** Runs a facilitation action (docs/protocol.md `action`); resolves when it is stored. */
  act(action) { return this.request({ type: 'action', action }); }

  /** A facilitator invites someone; resolves to {id, link, expiresAt}. */
  invite(role, name, organisation, days = 30) { return this.request({ type: 'invite', role, name, organisation, days }); }

  /** Coordinators and facilitators read the audit log. */
  audit() { return this.request({ type: 'audit' }).then((m) => m.events); }

  setPresence(state) { this.send({ type: 'presence', state }); }

  request(message) {
    const ref = this.nextRef++;
    return new Promise((resolve, reject) => {
      this.waiting.set(ref, { resolve, reject });
      if (!this.send({ ...message, ref })) this.settle(ref, null, { code: 'offline', message: 'not connected' });
    });
  }

  settle(ref, value, error = null) {
    const waiter = this.waiting.get(ref);
    if (!waiter) return;
    this.waiting.delete(ref);
    if (error) {
      const failure = new Error(error.message);
      failure.code = error.code;
      waiter.reject(failure);
    } else {
      waiter.resolve(value);
    }
  }
}
