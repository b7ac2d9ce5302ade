// Reads an invitation link (`#invito=<JWT>`): the token itself is checked by the server;
// the claims are only read here to greet the person before the connection is up.

export function invitationFromHash(hash) {
  const match = /(?:^#|&)invito=([^&]+)/.exec(hash ?? '');
  if (!match) return null;
  const token = decodeURIComponent(match[1]);
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims.tbl !== 'string') return null;
    return { token, table: claims.tbl, name: claims.name ?? '', organisation: claims.org ?? '', role: claims.role ?? '' };
  } catch {
    return null;
  }
}

/** A replica id for this tab: kept for the tab's life, so a reload resumes its own history. */
export function tabReplica(storage, random = Math.random) {
  const saved = storage?.getItem('tavolo.replica');
  if (saved && /^[A-Za-z0-9_-]{1,64}$/.test(saved)) return saved;
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = 'r-';
  for (let i = 0; i < 16; i++) id += alphabet[Math.floor(random() * alphabet.length)];
  storage?.setItem('tavolo.replica', id);
  return id;
}
