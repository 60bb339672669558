// The decode view: what /api/decode found in pasted bytes, its alerts and the record tree.
import { renderFinding } from './alert-view.js';
import { h, rich } from './dom.js';
import { count, t } from './i18n.js';

export function renderDecode(body) {
  const frag = document.createDocumentFragment();
  const alerts = body.alerts || [];
  const records = body.records || [];
  frag.appendChild(h('p', { class: 'result-summary' },
    t('decodedSummary', count('bytes', body.length || 0), count('records', records.length), count('alerts', alerts.length))));
  if (body.problem) {
    const p = body.problem;
    frag.appendChild(h('div', { class: 'notice warn-box' },
      h('p', { class: 'notice-title' }, t('decodeProblem')),
      h('p', null, t('atOffset', p.field || '?', p.offset ?? '?') + ': ', rich(p.message || ''))));
  }
  if (alerts.length === 0) {
    frag.appendChild(h('div', { class: 'notice empty-result' }, h('p', { class: 'notice-title' }, t('noAlertInBytes'))));
  }
  for (const a of alerts) {
    frag.appendChild(renderFinding(a, true));
  }
  if (records.length) {
    frag.appendChild(h('details', { class: 'tree-wrap' }, h('summary', null, t('recordTree', count('records', records.length))),
      tree(records, 0)));
  }
  return frag;
}

/** A code point of the decode JSON: {value, name, hex}. */
function isEnumValue(v) {
  return v && typeof v === 'object' && !Array.isArray(v) && 'value' in v && 'name' in v
    && Object.keys(v).every((k) => k === 'value' || k === 'name' || k === 'hex');
}

function scalar(v) {
  if (isEnumValue(v)) {
    const num = v.hex || String(v.value);
    return v.name ? v.name + ' (' + num + ')' : num;
  }
  return v === null ? '—' : String(v);
}

function tree(v, depth) {
  const ul = h('ul', { class: 'tree' });
  const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
  const limit = 64;
  entries.slice(0, limit).forEach(([k, x]) => {
    const label = h('span', { class: 'tree-key' }, Array.isArray(v) ? '[' + k + ']' : k);
    if (x !== null && typeof x === 'object' && !isEnumValue(x) && depth < 12) {
      const empty = Array.isArray(x) ? x.length === 0 : Object.keys(x).length === 0;
      ul.appendChild(h('li', null, label, empty ? h('span', { class: 'tree-val' }, Array.isArray(x) ? ' []' : ' {}') : tree(x, depth + 1)));
    } else {
      ul.appendChild(h('li', null, label, ': ', h('span', { class: 'tree-val' }, scalar(x))));
    }
  });
  if (entries.length > limit) {
    ul.appendChild(h('li', { class: 'tree-more' }, t('moreItems', entries.length - limit)));
  }
  return ul;
}
