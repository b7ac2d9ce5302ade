// The administration JSON API (docs/api.md) as the admin page calls it: every request carries
// `Authorization: Bearer <admin key>`; a refusal becomes an AdminError with the HTTP status, so
// the page can say what happened in the reader's language (the server's own message is English
// and kept only for the console). `fetch` is passed in, so tests/api.test.js runs without a server.

export class AdminError extends Error {
  /** `status`: the HTTP status, or 0 when the server could not be reached. */
  constructor(status, message) {
    super(message);
    this.name = 'AdminError';
    this.status = status;
  }
}

/** The catalogue key (admin.errors.*) that explains `error` to a person. */
export function errorKey(error, during = '') {
  if (!(error instanceof AdminError)) return 'unexpected';
  switch (error.status) {
    case 0: return 'network';
    case 401: return 'invalidKey';
    case 403: return 'apiOff';
    case 404: return { invitation: 'invitationNotFound', procedure: 'procedureNotFound' }[during] ?? 'tableNotFound';
    case 409: return 'idTaken';
    case 410: return 'linkGone';
    case 413: return 'tooLarge';
    case 400: return 'badRequest';
    case 429: case 503: return 'unavailable';  // busy: try again shortly
    default: return error.status >= 500 ? 'serverError' : 'unexpected';
  }
}

export class AdminAPI {
  constructor({ key, fetch: fetchImpl = globalThis.fetch.bind(globalThis), base = '' }) {
    this.key = key;
    this.fetch = fetchImpl;
    this.base = base;
  }

  async request(method, path, body) {
    const headers = { Authorization: `Bearer ${this.key}`, Accept: 'application/json' };
    const init = { method, headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await this.fetch(`${this.base}${path}`, init);
    } catch (error) {
      throw new AdminError(0, String(error?.message ?? error));
    }
    let answer = null;
    try { answer = await response.json(); } catch { answer = null; }
    if (!response.ok) throw new AdminError(response.status, answer?.error ?? `HTTP ${response.status}`);
    return answer;
  }

  tables() { return this.request('GET', '/api/tables'); }

  /** `table`: { id, title, area?, procedure? }; empty optional fields are left out. */
  createTable({ id, title, area, procedure }) {
    const body = { id, title };
    if (area?.trim()) body.area = area.trim();
    if (procedure?.trim()) body.procedure = procedure.trim();
    return this.request('POST', '/api/tables', body);
  }

  /**
   * The registered procedures [{id, title, areas?, …}], or null when this server has no such
   * endpoint (then a table's procedure is free text).
   */
  async procedures() {
    try {
      return await this.request('GET', '/api/procedures');
    } catch (error) {
      if (error instanceof AdminError && (error.status === 404 || error.status === 405)) return null;
      throw error;
    }
  }

  /** `procedure`: { id, title, legalBasis?, actReference?, areas?, publicInitialsOnly? } → 201 the procedure. */
  createProcedure({ id, title, legalBasis, actReference, areas, publicInitialsOnly }) {
    const body = { id, title };
    if (legalBasis?.trim()) body.legalBasis = legalBasis.trim();
    if (actReference?.trim()) body.actReference = actReference.trim();
    if (areas?.length) body.areas = areas;
    if (publicInitialsOnly !== undefined) body.publicInitialsOnly = Boolean(publicInitialsOnly);
    return this.request('POST', '/api/procedures', body);
  }

  /**
   * Replaces a procedure's fields (PUT: every field is sent, an empty one clears it; the id and the
   * creation date never change) → 200 the procedure as stored; 404 when unknown.
   */
  updateProcedure(id, { title, legalBasis, actReference, areas, publicInitialsOnly }) {
    return this.request('PUT', `/api/procedures/${encodeURIComponent(id)}`, {
      id, title: title.trim(), legalBasis: (legalBasis ?? '').trim(), actReference: (actReference ?? '').trim(),
      areas: areas ?? [], publicInitialsOnly: Boolean(publicInitialsOnly),
    });
  }

  /** Puts a table's approved verbali on its procedure's public page, or takes them off → 200 the table (`publishedAt` while published). */
  setPublication(table, published) {
    return this.request('PUT', `/api/tables/${encodeURIComponent(table)}/publication`, { published: Boolean(published) });
  }

  invitations(table) { return this.request('GET', `/api/tables/${encodeURIComponent(table)}/invitations`); }

  /** → { invitation, token, link } */
  invite(table, { role, name, organisation, days }) {
    const body = { role, name, organisation };
    if (days !== undefined && days !== null) body.days = days;
    return this.request('POST', `/api/tables/${encodeURIComponent(table)}/invitations`, body);
  }

  /** → { link, token } of an invitation still valid (410 once revoked or expired). */
  link(invitation) { return this.request('GET', `/api/invitations/${encodeURIComponent(invitation)}/link`); }

  revoke(invitation) { return this.request('DELETE', `/api/invitations/${encodeURIComponent(invitation)}`); }
}
