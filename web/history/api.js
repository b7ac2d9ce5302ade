// The history HTTP API (docs/api.md, "History"), called with the invitation token as bearer.
// JSON answers are cached per URL: every URL names a past moment explicitly, so its answer
// never changes, and scrubbing back and forth or replaying costs no second request.

export class APIError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'APIError';
    this.status = status;
  }
}

/** Builds `path?name=value&…`, leaving out absent values. */
export function query(path, parameters) {
  const pairs = Object.entries(parameters)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  return pairs.length ? `${path}?${pairs.join('&')}` : path;
}

export class HistoryAPI {
  /** @param {{table: string, token: string, fetch?: Function, cacheSize?: number}} options */
  constructor({ table, token, fetch = globalThis.fetch.bind(globalThis), cacheSize = 200 }) {
    this.base = `/api/tables/${encodeURIComponent(table)}`;
    this.token = token;
    this.fetch = fetch;
    this.cacheSize = cacheSize;
    this.cache = new Map();
  }

  /** GET with the bearer; a non-2xx answer becomes an APIError with the server's message. */
  async request(path, signal, init = {}) {
    const response = await this.fetch(this.base + path, { ...init, headers: { Authorization: `Bearer ${this.token}`, ...init.headers }, signal });
    if (!response.ok) {
      let message = `HTTP ${response.status}`;
      try {
        const body = await response.json();
        if (typeof body?.error === 'string') message = body.error;
      } catch { /* no JSON body: keep the status */ }
      throw new APIError(response.status, message);
    }
    return response;
  }

  async json(path, signal, { cache = true } = {}) {
    if (cache && this.cache.has(path)) {
      const hit = this.cache.get(path);
      this.cache.delete(path); // re-insert: the Map's order is the eviction order
      this.cache.set(path, hit);
      return hit;
    }
    const value = await (await this.request(path, signal)).json();
    if (cache) {
      this.cache.set(path, value);
      if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value);
    }
    return value;
  }

  /** The table, its sessions, texts and participants; never cached (it grows while a table is live). */
  overview(signal) {
    return this.json('/history', signal, { cache: false });
  }

  events(session, signal) {
    return this.json(query('/history/events', { session }), signal, { cache: false });
  }

  state(at, area, signal) {
    return this.json(query('/history/state', { at, area }), signal);
  }

  authorship(text, at, signal) {
    return this.json(query('/history/authorship', { text, at }), signal);
  }

  diff(text, from, to, signal) {
    return this.json(query('/history/diff', { text, from, to }), signal);
  }

  /** Paths of the downloadable files (fetched as blobs by `download`). */
  minutesPath(session, format) {
    return `/sessions/${encodeURIComponent(session)}/minutes.${format}`;
  }

  exportPath(text, at, format) {
    return query(`/documents/export.${format}`, { text, at });
  }

  auditPath() {
    return '/audit.csv';
  }

  /** The signed copy of a session's approved verbale (issue 13): GET serves it, POST uploads it. */
  signedPath(session) {
    return `/sessions/${encodeURIComponent(session)}/signed`;
  }

  /**
   * Uploads the signed verbale (a File or Blob: a PAdES-signed PDF or a CAdES .p7m) as the raw
   * request body → `{session, kind, sha256, contentHash, uploadedAt, uploadedBy}`; a refusal is an
   * APIError with the status (403, 409, 413, 422, 503) and the server's message.
   */
  async uploadSigned(session, file, signal) {
    const type = /\.p7m$/i.test(file?.name ?? '') ? 'application/pkcs7-mime' : 'application/pdf';
    const response = await this.request(this.signedPath(session), signal, { method: 'POST', headers: { 'Content-Type': type }, body: file });
    return response.json();
  }

  /** Fetches a file: `{blob, disposition}`. */
  async file(path, signal) {
    const response = await this.request(path, signal);
    return { blob: await response.blob(), disposition: response.headers.get('Content-Disposition') };
  }
}
