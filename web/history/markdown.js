// A tiny Markdown preview that never produces HTML: it parses a text into blocks and inline
// runs (plain data), and `renderMarkdown` builds DOM nodes with textContent only, so nothing
// anyone typed can become markup or script. It covers what minutes and proposals use:
// headings, paragraphs, bullet and numbered lists, bold, italics and code.

/** Inline runs of one line: [{text, strong?, em?, code?}]. */
export function parseInline(line) {
  const runs = [];
  const pattern = /(\*\*|__)(.+?)\1|(\*|_)(?!\s)(.+?)\3|`([^`]+)`/g;
  let last = 0;
  for (let match; (match = pattern.exec(line));) {
    if (match.index > last) runs.push({ text: line.slice(last, match.index) });
    if (match[2] !== undefined) runs.push({ text: match[2], strong: true });
    else if (match[4] !== undefined) runs.push({ text: match[4], em: true });
    else runs.push({ text: match[5], code: true });
    last = pattern.lastIndex;
  }
  if (last < line.length) runs.push({ text: line.slice(last) });
  return runs;
}

/** Blocks: {type: 'heading', level, runs} | {type: 'paragraph', lines: [runs]} | {type: 'list', ordered, items: [runs]}. */
export function parseMarkdown(text) {
  const blocks = [];
  let current = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (!line) {
      current = null;
    } else if (heading) {
      blocks.push({ type: 'heading', level: heading[1].length, runs: parseInline(heading[2]) });
      current = null;
    } else if (bullet || numbered) {
      const ordered = Boolean(numbered);
      if (!(current?.type === 'list' && current.ordered === ordered)) {
        current = { type: 'list', ordered, items: [] };
        blocks.push(current);
      }
      current.items.push(parseInline((bullet ?? numbered)[1]));
    } else if (current?.type === 'paragraph') {
      current.lines.push(parseInline(line));
    } else {
      current = { type: 'paragraph', lines: [parseInline(line)] };
      blocks.push(current);
    }
  }
  return blocks;
}

function appendRuns(document, parent, runs) {
  for (const run of runs) {
    let node = document.createTextNode(run.text);
    for (const [flag, tag] of [['code', 'code'], ['em', 'em'], ['strong', 'strong']]) {
      if (!run[flag]) continue;
      const element = document.createElement(tag);
      element.append(node);
      node = element;
    }
    parent.append(node);
  }
}

/** DOM nodes of the preview (headings start at h3: the page has its own h1 and h2). */
export function renderMarkdown(document, text) {
  const fragment = document.createDocumentFragment();
  for (const block of parseMarkdown(text)) {
    if (block.type === 'heading') {
      const element = document.createElement(`h${Math.min(6, block.level + 2)}`);
      appendRuns(document, element, block.runs);
      fragment.append(element);
    } else if (block.type === 'list') {
      const list = document.createElement(block.ordered ? 'ol' : 'ul');
      for (const item of block.items) {
        const li = document.createElement('li');
        appendRuns(document, li, item);
        list.append(li);
      }
      fragment.append(list);
    } else {
      const paragraph = document.createElement('p');
      block.lines.forEach((runs, i) => {
        if (i) paragraph.append(document.createElement('br'));
        appendRuns(document, paragraph, runs);
      });
      fragment.append(paragraph);
    }
  }
  return fragment;
}
