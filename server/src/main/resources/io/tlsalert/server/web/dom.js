// DOM helpers, text only: every string from the user or the server enters the DOM as a text node; backtick-quoted
// spans become <code> elements holding text. No innerHTML anywhere.

export const $ = (id) => document.getElementById(id);

export function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) {
        continue;
      }
      if (k === 'class') {
        e.className = v;
      } else if (k === 'text') {
        e.textContent = String(v);
      } else {
        e.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(e, children);
  return e;
}

export function append(parent, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(parent, c);
    } else if (c instanceof Node) {
      parent.appendChild(c);
    } else {
      parent.appendChild(document.createTextNode(String(c)));
    }
  }
  return parent;
}

/** Text with `backtick` spans as <code>; an unpaired backtick stays literal. */
export function rich(text) {
  const frag = document.createDocumentFragment();
  const parts = String(text ?? '').split('`');
  if (parts.length % 2 === 0) {
    const last = parts.pop();
    parts[parts.length - 1] += '`' + last;
  }
  parts.forEach((p, i) => {
    if (p === '') {
      return;
    }
    frag.appendChild(i % 2 === 1 ? h('code', null, p) : document.createTextNode(p));
  });
  return frag;
}

export function para(text, cls) {
  return h('p', cls ? { class: cls } : null, rich(text));
}

export function alertPath(a) {
  return '/alerts/' + encodeURIComponent(a.name || String(a.code));
}

/** A link the router follows in place (see router.js). */
export function navLink(href, attrs, ...children) {
  return h('a', Object.assign({ href, 'data-nav': true }, attrs || {}), ...children);
}

export function hex(code) {
  return '0x' + Number(code).toString(16).padStart(2, '0').toUpperCase();
}

export function cssToken(s) {
  return String(s || '').toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
