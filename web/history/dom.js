// DOM helpers for the history page: elements are built with textContent only, never HTML.

/** `el('li', {className: 'x', title: 'y'}, 'text', child)`: an element with properties and children. */
export function el(tag, properties = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(properties)) {
    if (value === undefined || value === null) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('aria-') || name === 'role') element.setAttribute(name, value);
    else element[name] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** A span only screen readers read: says in words what colour and styling say to the eye. */
export function spoken(text) {
  return el('span', { className: 'visually-hidden' }, text);
}

/** A table with a header row and body rows (each row an array of cell contents). */
export function table(element, caption, headers, rows) {
  element.replaceChildren(
    el('caption', { className: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c, i) => (i === 0 ? el('th', { scope: 'row' }, c) : el('td', {}, c)))))),
  );
}
