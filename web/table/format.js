// The toolbar's formatting, as edits of the Markdown source: each returns the splice to make
// ({from, to, text}, UTF-16 indices of `value`) and the selection to show afterwards.

function lineStart(value, index) { return value.lastIndexOf('\n', index - 1) + 1; }

function wrap(value, start, end, mark, placeholder) {
  const inner = value.slice(start, end) || placeholder;
  return { from: start, to: end, text: mark + inner + mark, select: [start + mark.length, start + mark.length + inner.length] };
}

/** `kind`: 'bold' | 'italic' | 'heading' | 'list' | 'link'; `placeholder` fills an empty selection. */
export function formatSplice(value, start, end, kind, placeholder = '') {
  switch (kind) {
    case 'bold': return wrap(value, start, end, '**', placeholder);
    case 'italic': return wrap(value, start, end, '*', placeholder);
    case 'link': {
      const label = value.slice(start, end) || placeholder;
      const text = `[${label}](https://)`;
      const url = start + label.length + 3;
      return { from: start, to: end, text, select: [url, url + 8] };
    }
    case 'heading': {
      const from = lineStart(value, start);
      const line = value.slice(from, value.indexOf('\n', from) < 0 ? value.length : value.indexOf('\n', from));
      const hashes = /^#{1,6} /.exec(line);
      const text = hashes ? '' : '## ';
      const removed = hashes ? hashes[0].length : 0;
      const shift = text.length - removed;
      return { from, to: from + removed, text, select: [Math.max(from, start + shift), Math.max(from, end + shift)] };
    }
    case 'list': {
      const from = lineStart(value, start);
      const block = value.slice(from, end);
      const text = block.split('\n').map((l) => (/^\s*[-*+] /.test(l) ? l : `- ${l}`)).join('\n');
      return { from, to: end, text, select: [from, from + text.length] };
    }
    default: throw new RangeError(`unknown format ${kind}`);
  }
}
