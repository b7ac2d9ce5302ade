// A tiny element builder: h('button', {type: 'button', onclick}, 'Testo'). Children are
// strings (always text nodes) or elements; null and false are skipped.

export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (name === 'value') element.value = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

/** Runs `rebuild()` and puts the focus back on the element with the same data-key, if any had it. */
export function keepingFocus(container, rebuild) {
  const key = container.contains(document.activeElement) ? document.activeElement.dataset.key : null;
  rebuild();
  if (key) container.querySelector(`[data-key="${CSS.escape(key)}"]`)?.focus();
}
