// Downloads: which ones a role is offered, and the file names they are saved under.

export const minutesFormats = ['md', 'html', 'txt', 'odt', 'docx', 'pdf'];
export const documentFormats = ['md', 'html', 'odt', 'pdf', 'txt'];

/** The audit log is for those who run or review the table (docs/api.md). */
export function canReadAudit(role) {
  return role === 'coordinator' || role === 'facilitator';
}

/** The file name a `Content-Disposition` header gives (`filename*=UTF-8''…` preferred), or null. */
export function dispositionName(header) {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try { return safeFileName(decodeURIComponent(extended[1].trim())); } catch { /* fall through */ }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  if (!plain) return null;
  return safeFileName((plain[1] ?? plain[2]).replace(/\\(.)/g, '$1').trim());
}

/** A name safe on every file system: no folders, no control or reserved characters. */
export function safeFileName(name) {
  const cleaned = name.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-').replace(/^[.\s-]+|[.\s]+$/g, '');
  return cleaned || 'tavolo';
}

/** "2026-11-23_15-20-05" in UTC: a moment that sorts as text and fits a file name. */
export function stamp(ms) {
  return new Date(ms).toISOString().slice(0, 19).replace('T', '_').replace(/:/g, '-');
}

/** Names used when the server gives none. */
export const fallbackNames = {
  minutes: (table, session, format) => safeFileName(`${table}-verbale-${session}.${format}`),
  document: (table, text, at, format) => safeFileName(`${table}-${text.replace(/[/:]/g, '-')}-${stamp(at)}.${format}`),
  audit: (table) => safeFileName(`${table}-audit.csv`),
  signed: (table, session, format) => safeFileName(`verbale-${table}-${session}-firmato.${format === 'p7m' ? 'pdf.p7m' : 'pdf'}`),
};

/** The name to save a download under: the server's if it gives one, else ours. */
export function downloadName(disposition, fallback) {
  return dispositionName(disposition) ?? fallback;
}
