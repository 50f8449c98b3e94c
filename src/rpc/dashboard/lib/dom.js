// DOM helpers shared by the dashboard's views. Values from the node reach the page only
// through textContent and setAttribute: `el` has no HTML path.

// ---------------------------------------------------------------- DOM helpers

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an element. `props`: `class`, `text`, `dataset`, and attributes (any name not
 * starting with "on"; event handlers are attached with addEventListener by the caller).
 * Children: nodes, strings (as text) or null/undefined/false (skipped).
 */
export function el(tag, props = {}, ...children) {
  return build(document.createElement(tag), props, children);
}

/** Like `el`, for SVG elements. */
export function svgEl(tag, props = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

export function build(node, props, children) {
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.setAttribute('class', value);
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (/^on/i.test(key)) throw new Error(`el: use addEventListener, not ${key}`);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

export const $ = (id) => document.getElementById(id);

export function setText(id, value) {
  const node = $(id);
  const text = String(value);
  if (node && node.textContent !== text) node.textContent = text;
}

/**
 * Replaces a table body's rows, keeping keyboard focus on the element with the same
 * `data-focus-key` if the focused element was inside the body.
 */
export function fillRows(tbody, rows, emptyText, columns) {
  const active = document.activeElement;
  const focusKey = active && tbody.contains(active) ? active.dataset.focusKey : undefined;
  if (rows.length === 0) rows = [el('tr', { class: 'empty' }, el('td', { colspan: columns, text: emptyText }))];
  tbody.replaceChildren(...rows);
  if (focusKey) tbody.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
}

/** Calls `render(data)` only when `data` differs from what this key last rendered: no flicker, no lost focus. */
const lastRendered = new Map();
export function renderIfChanged(key, data, render) {
  const json = JSON.stringify(data);
  if (lastRendered.get(key) === json) return;
  lastRendered.set(key, json);
  render(data);
}

/** Forget what `key` last rendered, so the next renderIfChanged draws it again. */
export function forgetRendered(key) {
  lastRendered.delete(key);
}
