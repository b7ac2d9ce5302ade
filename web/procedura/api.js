// The procedure dashboard's calls (docs/api.md, "History API": `/api/procedures/{p}/dashboard`,
// `.csv`, `.ods`) with the coordinator's invitation or the admin key as bearer. A refusal becomes
// an error with the HTTP `status` and the server's English message, which the page never shows:
// it says errors.js's catalogue entry instead (describeError). `fetch` is passed in for the tests.

export class DashboardError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'DashboardError';
    this.status = status;
  }
}

export class DashboardAPI {
  constructor({ procedure, token, fetch: fetchImpl = globalThis.fetch.bind(globalThis) }) {
    this.base = `/api/procedures/${encodeURIComponent(procedure)}/dashboard`;
    this.token = token;
    this.fetch = fetchImpl;
  }

  async request(suffix, signal) {
    let response;
    try {
      response = await this.fetch(this.base + suffix, { headers: { Authorization: `Bearer ${this.token}` }, cache: 'no-store', signal });
    } catch (error) {
      if (error?.name === 'AbortError') throw error;
      throw new DashboardError(0, String(error?.message ?? error));
    }
    if (!response.ok) {
      let message = `HTTP ${response.status}`;
      try {
        const body = await response.json();
        if (typeof body?.error === 'string') message = body.error;
      } catch { /* no JSON body: keep the status */ }
      throw new DashboardError(response.status, message);
    }
    return response;
  }

  async dashboard(signal) {
    return (await this.request('', signal)).json();
  }

  /** `format`: 'csv' or 'ods' → `{blob, disposition}`. */
  async file(format, signal) {
    const response = await this.request(`.${format}`, signal);
    return { blob: await response.blob(), disposition: response.headers.get('Content-Disposition') };
  }
}
