// Small DOM helpers for the facilitation panel: elements from createElement/textContent
// only (never innerHTML: names and texts come from other people), form fields whose
// drafts survive re-rendering, and buttons that run an action and show its error beside them.
import { errorText } from './model.js';

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'readOnly', 'required', 'min', 'max', 'type', 'name', 'rows']);

/** h('button', {class: 'x', onclick: fn, 'aria-label': '…'}, 'text', child, [children]) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (PROPERTIES.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  el.append(...children.flat(Infinity).filter((c) => c != null && c !== false).map((c) => (typeof c === 'object' ? c : String(c))));
  return el;
}

/**
 * The panel's local state shared by its sections: drafts of every field (by key), the error
 * shown beside each control, and `changed()` to re-render after a local change.
 */
export function createContext(view, changed) {
  const ctx = {
    view,
    drafts: new Map(),
    errors: new Map(),
    busy: new Set(),
    local: {},          // per-section local state (which item is being edited, the last invitation…)
    revision: 0,        // bumped by every local change, so sections re-render
    get t() { return view.t(); },
    get f() { return view.t().facilitation; },
    changed() { ctx.revision++; changed(); },

    draft(key, fallback = '') { return ctx.drafts.has(key) ? ctx.drafts.get(key) : fallback; },
    forget(prefix) { for (const key of [...ctx.drafts.keys()]) if (key.startsWith(prefix)) ctx.drafts.delete(key); },

    /** A labelled input, textarea or select whose value is kept as a draft under `key`. */
    field(key, label, props = {}, tag = 'input', options = []) {
      const checkbox = props.type === 'checkbox';
      // What is shown is what gets sent: an untouched field's initial value is its draft too.
      if (!ctx.drafts.has(key)) ctx.drafts.set(key, checkbox ? Boolean(props.checked) : props.value ?? '');
      const control = h(tag, {
        ...props, id: key, 'data-key': key,
        [checkbox ? 'checked' : 'value']: ctx.drafts.get(key),
        [tag === 'select' || checkbox ? 'onchange' : 'oninput']: (event) => ctx.drafts.set(key, checkbox ? event.target.checked : event.target.value),
      }, options);
      if (tag === 'select') control.value = ctx.drafts.get(key);
      const text = h('span', { class: 'fac-label' }, label);
      return checkbox ? h('label', { class: 'fac-check' }, control, text) : h('label', { class: 'fac-field' }, text, control);
    },

    /** A button with a stable key; its last error is shown next to it. */
    button(key, label, onclick, props = {}) {
      return [
        h('button', { type: 'button', ...props, id: key, 'data-key': key, disabled: ctx.busy.has(key) || props.disabled,
          'aria-describedby': ctx.errors.has(key) ? `${key}-error` : null, onclick }, label),
        ctx.error(key),
      ];
    },

    /**
     * A setup form (a new session, an invitation…): open while no session is live, folded during
     * one so it never pushes the live controls down; opened or closed by hand, it stays so until
     * a session opens or closes.
     */
    setup(key, summary, live, ...content) {
      const chosen = ctx.local.setupOpen?.[key];
      return h('details', {
        class: 'fac-details fac-setup', 'data-setup': key, open: chosen && chosen.live === live ? chosen.open : !live,
        ontoggle: (e) => { (ctx.local.setupOpen ??= {})[key] = { live, open: e.target.open }; },
      }, h('summary', {}, summary), content);
    },

    error(key) {
      return ctx.errors.has(key) ? h('p', { class: 'fac-error', id: `${key}-error`, role: 'alert' }, ctx.errors.get(key)) : null;
    },

    fail(key, message) { ctx.errors.set(key, message); ctx.changed(); },

    /** Runs `request()` for control `key` (disabled meanwhile); `then(result)` once it succeeded, else the error beside it. */
    async run(key, request, then) {
      ctx.errors.delete(key);
      ctx.busy.add(key);
      ctx.changed();
      try {
        const result = await request();  // not inside `then?.(…)`: without `then` it would never run
        then?.(result);
      } catch (error) {
        ctx.errors.set(key, errorText(ctx.f, error));
      } finally {
        ctx.busy.delete(key);
        ctx.changed();
      }
    },

    /** Runs a facilitation action (docs/protocol.md `action`) for control `key`. */
    act: (key, action, then) => ctx.run(key, () => view.client.act(action), then),
  };
  return ctx;
}

/** "10:05", or with the date when `withDate`, in the interface's language. */
export function formatTime(f, ms, withDate = false) {
  if (ms == null) return '';
  return new Date(ms).toLocaleString(f.locale, withDate ? { dateStyle: 'short', timeStyle: 'short' } : { timeStyle: 'short' });
}

/**
 * Replaces `section`'s children with `build()`'s, keeping keyboard focus (and the caret) on
 * the control with the same key, so live updates never throw the person out of what they do.
 */
export function rebuild(section, build) {
  const active = document.activeElement;
  const key = active && section.contains(active) ? active.dataset?.key : null;
  const caret = key && typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
  section.replaceChildren(...[build()].flat(Infinity).filter(Boolean));
  if (!key) return;
  const again = [...section.querySelectorAll('[data-key]')].find((el) => el.dataset.key === key);
  if (!again) {
    // The control went away with what it did (a decided amendment, a vote once closed): keep
    // keyboard users in the section rather than back at the top of the page.
    const heading = section.querySelector('h2');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus({ preventScroll: true });
    return;
  }
  again.focus({ preventScroll: true });
  if (caret) try { again.setSelectionRange(...caret); } catch { /* not a text field */ }
}
