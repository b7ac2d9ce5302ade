// A small, safe Markdown renderer for the preview of shared texts. It parses into a tree of
// {tag, attrs, children} and strings, then builds DOM nodes from it: user text only ever
// becomes text nodes (never innerHTML), and a link's target is what `linkTarget` allows.
// Supported: headings, paragraphs (line breaks kept), lists (- * + and 1.), quotes, fenced
// code, rules, **bold**, *italic*, _italic_, `code`, [links](https://…) and \ escapes.
import it from '../i18n/it.js';

const INLINE = /(`+)([^`]*?)\1|\*\*(?=\S)(.+?)\*\*|__(?=\S)(.+?)__|\*(?=\S)(.+?)\*|(?<!\w)_(?=\S)(.+?)_(?!\w)|\[([^\]]+)\]\(([^)]*)\)|\\([\\`*_[\]()#+\-.!>])/;

/**
 * What a link target may become: `{ kind: 'external', href }` (http, https, mailto),
 * `{ kind: 'relative', href }` (a path, `?query` or `#fragment` on this site) or
 * `{ kind: 'refused' }` (anything else, which then shows as the text typed).
 *
 * It reads the target as a browser would (https://url.spec.whatwg.org/#concept-basic-url-parser):
 * leading and trailing controls and spaces go, tabs and line breaks go from anywhere, `\` is `/`;
 * so "java\tscript:" is javascript and refused. `//host` (and `\\host`, `/\host`, `///host`)
 * is another site: it becomes `https://host`, external, so the protocol never depends on the page.
 * A relative target may not have a `:` before its first `/`, `?` or `#` (it would read as a scheme).
 * The same rules, on the same cases (Tests/Fixtures/links.json), decide the links of the exports
 * (Sources/TavoloExport/Document/LinkTarget.swift), which keep only the external ones.
 */
export function linkTarget(raw) {
  const target = raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '').replace(/\\/g, '/');
  if (!target || /[\u0000-\u0020\u007f]/.test(target)) return REFUSED;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target)?.[1].toLowerCase();
  const rest = scheme ? target.slice(scheme.length + 1) : target;
  if (scheme === 'http' || scheme === 'https' || (!scheme && rest.startsWith('//'))) {
    // Two slashes or more, then a host: a browser skips any further slashes before the host.
    const slashes = /^\/\/+/.exec(rest)?.[0].length ?? 0;
    const host = rest.slice(slashes);
    return slashes && host && !/^[?#]/.test(host) ? { kind: 'external', href: `${scheme ?? 'https'}://${host}` } : REFUSED;
  }
  if (scheme === 'mailto' && rest) return { kind: 'external', href: `mailto:${rest}` };
  return scheme || /^[^/?#]*:/.test(target) ? REFUSED : { kind: 'relative', href: target };
}

const REFUSED = Object.freeze({ kind: 'refused' });

const node = (tag, children, attrs) => (attrs ? { tag, attrs, children } : { tag, children });

/** Inline Markdown → array of strings and nodes; `strings` is the catalogue (i18n) of the page. */
export function parseInline(text, strings = it) {
  const out = [];
  let rest = text;
  while (rest) {
    const m = INLINE.exec(rest);
    if (!m) { out.push(rest); break; }
    if (m.index) out.push(rest.slice(0, m.index));
    if (m[1]) out.push(node('code', [m[2]]));
    else if (m[3] ?? m[4]) out.push(node('strong', parseInline(m[3] ?? m[4], strings)));
    else if (m[5] ?? m[6]) out.push(node('em', parseInline(m[5] ?? m[6], strings)));
    else if (m[7]) {
      const link = linkTarget(m[8]);
      if (link.kind === 'refused') {
        // Only the `[` is text: the rest reads on as Markdown, as in the exports.
        out.push('[');
        rest = rest.slice(m.index + 1);
        continue;
      }
      out.push(link.kind === 'relative' ? node('a', parseInline(m[7], strings), { href: link.href })
        : node('a', [...parseInline(m[7], strings), ' ', externalMark(strings)], { href: link.href, target: '_blank', rel: 'noopener noreferrer' }));
    } else out.push(m[9]);
    rest = rest.slice(m.index + m[0].length);
  }
  // Adjacent strings merge, so the tree stays small and tests can compare it.
  return out.reduce((acc, part) => {
    if (typeof part === 'string' && typeof acc[acc.length - 1] === 'string') acc[acc.length - 1] += part;
    else acc.push(part);
    return acc;
  }, []);
}

/** The visible sign of a link to another site, which says so to a screen reader too. */
const externalMark = (strings) => node('span', ['↗'], { class: 'external-link', role: 'img', 'aria-label': strings.externalLink });

function lines(texts, strings) {
  const out = [];
  texts.forEach((line, i) => { if (i) out.push(node('br', [])); out.push(...parseInline(line, strings)); });
  return out;
}

const LIST_ITEM = /^\s{0,3}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;

/** Block Markdown → array of nodes. Headings shift down two levels: the page owns h1 and h2. */
export function parseMarkdown(source, strings = it) {
  const rows = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks = [];
  for (let i = 0; i < rows.length;) {
    const row = rows[i];
    let m;
    if (!row.trim()) { i++; continue; }
    if (/^\s{0,3}```/.test(row)) {
      const code = [];
      for (i++; i < rows.length && !/^\s{0,3}```/.test(rows[i]); i++) code.push(rows[i]);
      i++;
      blocks.push(node('pre', [node('code', [code.join('\n')])]));
    } else if ((m = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(row))) {
      blocks.push(node(`h${Math.min(m[1].length + 2, 6)}`, parseInline(m[2], strings)));
      i++;
    } else if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(row)) {
      blocks.push(node('hr', []));
      i++;
    } else if (/^\s{0,3}>/.test(row)) {
      const quoted = [];
      for (; i < rows.length && /^\s{0,3}>/.test(rows[i]); i++) quoted.push(rows[i].replace(/^\s{0,3}>\s?/, ''));
      blocks.push(node('blockquote', parseMarkdown(quoted.join('\n'), strings)));
    } else if ((m = LIST_ITEM.exec(row))) {
      const ordered = !m[1];
      const items = [];
      for (; i < rows.length && (m = LIST_ITEM.exec(rows[i])) && !m[1] === ordered; i++) items.push(node('li', parseInline(m[3], strings)));
      blocks.push(node(ordered ? 'ol' : 'ul', items));
    } else {
      const para = [];
      for (; i < rows.length && rows[i].trim() && !/^\s{0,3}(#{1,6}\s|```|>)/.test(rows[i]) && !LIST_ITEM.test(rows[i]); i++) para.push(rows[i]);
      blocks.push(node('p', lines(para, strings)));
    }
  }
  return blocks;
}

/** DOM nodes for a parsed tree (`doc` is the page's document). */
export function toDOM(tree, doc) {
  return tree.map((part) => {
    if (typeof part === 'string') return doc.createTextNode(part);
    const element = doc.createElement(part.tag);
    for (const [name, value] of Object.entries(part.attrs ?? {})) element.setAttribute(name, value);
    element.append(...toDOM(part.children, doc));
    return element;
  });
}

/** Replaces the content of `container` with `source` rendered, labelled from `strings` (i18n). */
export function renderMarkdown(source, container, strings = it) {
  container.replaceChildren(...toDOM(parseMarkdown(source, strings), container.ownerDocument));
}
