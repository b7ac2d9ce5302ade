// A small, safe Markdown renderer for the preview of shared texts. It parses into a tree of
// {tag, attrs, children} and strings, then builds DOM nodes from it: user text only ever
// becomes text nodes (never innerHTML), and links keep only http(s), mailto and local targets.
// Supported: headings, paragraphs (line breaks kept), lists (- * + and 1.), quotes, fenced
// code, rules, **bold**, *italic*, _italic_, `code`, [links](https://…) and \ escapes.

const INLINE = /(`+)([^`]*?)\1|\*\*(?=\S)(.+?)\*\*|__(?=\S)(.+?)__|\*(?=\S)(.+?)\*|(?<!\w)_(?=\S)(.+?)_(?!\w)|\[([^\]]+)\]\(([^)\s]+)\)|\\([\\`*_[\]()#+\-.!>])/;
const SAFE_URL = /^(https?:\/\/|mailto:|\/|#)/i;

const node = (tag, children, attrs) => (attrs ? { tag, attrs, children } : { tag, children });

/** Inline Markdown → array of strings and nodes. */
export function parseInline(text) {
  const out = [];
  let rest = text;
  while (rest) {
    const m = INLINE.exec(rest);
    if (!m) { out.push(rest); break; }
    if (m.index) out.push(rest.slice(0, m.index));
    if (m[1]) out.push(node('code', [m[2]]));
    else if (m[3] ?? m[4]) out.push(node('strong', parseInline(m[3] ?? m[4])));
    else if (m[5] ?? m[6]) out.push(node('em', parseInline(m[5] ?? m[6])));
    else if (m[7]) {
      out.push(SAFE_URL.test(m[8])
        ? node('a', parseInline(m[7]), { href: m[8], rel: 'noopener noreferrer', target: '_blank' })
        : m[0]);
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

function lines(texts) {
  const out = [];
  texts.forEach((line, i) => { if (i) out.push(node('br', [])); out.push(...parseInline(line)); });
  return out;
}

const LIST_ITEM = /^\s{0,3}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;

/** Block Markdown → array of nodes. Headings shift down two levels: the page owns h1 and h2. */
export function parseMarkdown(source) {
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
      blocks.push(node(`h${Math.min(m[1].length + 2, 6)}`, parseInline(m[2])));
      i++;
    } else if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(row)) {
      blocks.push(node('hr', []));
      i++;
    } else if (/^\s{0,3}>/.test(row)) {
      const quoted = [];
      for (; i < rows.length && /^\s{0,3}>/.test(rows[i]); i++) quoted.push(rows[i].replace(/^\s{0,3}>\s?/, ''));
      blocks.push(node('blockquote', parseMarkdown(quoted.join('\n'))));
    } else if ((m = LIST_ITEM.exec(row))) {
      const ordered = !m[1];
      const items = [];
      for (; i < rows.length && (m = LIST_ITEM.exec(rows[i])) && !m[1] === ordered; i++) items.push(node('li', parseInline(m[3])));
      blocks.push(node(ordered ? 'ol' : 'ul', items));
    } else {
      const para = [];
      for (; i < rows.length && rows[i].trim() && !/^\s{0,3}(#{1,6}\s|```|>)/.test(rows[i]) && !LIST_ITEM.test(rows[i]); i++) para.push(rows[i]);
      blocks.push(node('p', lines(para)));
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

/** Replaces the content of `container` with `source` rendered. */
export function renderMarkdown(source, container) {
  container.replaceChildren(...toDOM(parseMarkdown(source), container.ownerDocument));
}
