// Small DOM helpers: every value goes in as text, never as markup.

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.substring(2), value);
    else if (key === 'text') element.textContent = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

let ids = 0;

/** A labelled input: the label names it for screen readers and keyboard users. */
export function field(label, attrs = {}, kind = 'input') {
  const id = attrs.id || `f${++ids}`;
  const control = h(kind, { ...attrs, id });
  if (kind === 'textarea' && attrs.value) control.value = attrs.value;
  return { element: h('div', {}, h('label', { for: id }, label), control), control };
}

export function select(label, options, attrs = {}) {
  const id = attrs.id || `f${++ids}`;
  const control = h('select', { ...attrs, id }, options.map(([value, text]) => h('option', { value }, text)));
  return { element: h('div', {}, h('label', { for: id }, label), control), control };
}

/** Shows an error where it happened: in the given place, or at the top of the page. */
export function showError(error, place) {
  const message = error && error.message ? error.message : String(error);
  if (place) {
    place.textContent = message;
    place.hidden = false;
    return;
  }
  const notice = document.getElementById('notice');
  notice.textContent = message;
  notice.hidden = false;
}

export function clearNotice() {
  const notice = document.getElementById('notice');
  notice.hidden = true;
  notice.textContent = '';
}

export function errorSlot() {
  return h('p', { class: 'error', role: 'alert', hidden: true });
}

export function table(headers, rows, caption) {
  return h('div', { class: 'scroll' }, h('table', {},
    caption ? h('caption', { class: 'muted' }, caption) : null,
    h('thead', {}, h('tr', {}, headers.map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map(cells => h('tr', {}, cells.map(c => h('td', {}, c)))))));
}

export function time(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}

/** Lines of "name=value" as a map. */
export function pairs(text) {
  const map = {};
  for (const line of (text || '').split('\n')) {
    const at = line.indexOf('=');
    if (line.trim() && at > 0) map[line.substring(0, at).trim()] = line.substring(at + 1);
  }
  return map;
}

export function progressBar(progress) {
  const pct = progress && progress.percentage != null ? progress.percentage : null;
  const label = pct == null ? 'no progress reported' : `${Math.round(pct)} %`;
  return h('span', {}, h('progress', { max: 100, value: pct == null ? undefined : pct, 'aria-label': 'progress ' + label }),
    ' ', h('span', { class: 'pct' }, label));
}
