// The table of every alert, its filter, and the causes each row opens.
import { causeList, dtlsBadge, ruleBadge, tls13Badge } from './alert-view.js';
import { $, alertPath, h, hex, navLink, para, rich } from './dom.js';
import { t } from './i18n.js';

const table = {
  list: null, // the alerts shown, once loaded
  rows: [], // {alert, tr, details, button, hay}
  expanded: new Set(), // codes whose causes are open
};

function haystack(a) {
  return [a.code, hex(a.code), a.name, (a.name || '').replace(/_/g, ' '), a.summary, a.meaning,
    ...(a.causes || []).map((c) => c.title)].join('\n').toLowerCase();
}

export function hasList() {
  return table.list !== null;
}

export function renderTable(alerts) {
  table.list = alerts;
  const tbody = $('alerts-body');
  tbody.replaceChildren();
  table.rows = [];
  for (const a of alerts) {
    const detailsId = 'causes-' + a.code;
    const button = h('button', { type: 'button', class: 'toggle', 'aria-expanded': 'false', 'aria-controls': detailsId },
      h('span', { class: 'chev', 'aria-hidden': 'true' }), h('span', null, t('showCauses', (a.causes || []).length)),
      h('span', { class: 'visually-hidden' }, ' — ' + a.name));
    const tr = h('tr', { class: 'alert-row', 'data-code': a.code, 'data-name': a.name },
      h('td', { class: 'col-code', 'data-label': t('colCode') },
        h('span', { class: 'code-num' }, String(a.code)), h('span', { class: 'code-hex' }, hex(a.code))),
      h('td', { class: 'col-name', 'data-label': t('colName') },
        navLink(alertPath(a), { class: 'alert-name' }, a.name)),
      h('td', { class: 'col-level', 'data-label': t('colLevel') }, ruleBadge(a)),
      h('td', { class: 'col-summary', 'data-label': t('colSummary') }, rich(a.summary)),
      h('td', { class: 'col-more' }, button));
    const details = h('tr', { class: 'details-row', id: detailsId, hidden: true },
      h('td', { colspan: '5' }, rowDetails(a)));
    button.addEventListener('click', () => toggleRow(a.code));
    tbody.append(tr, details);
    table.rows.push({ alert: a, tr, details, button, hay: haystack(a) });
  }
  for (const code of table.expanded) {
    setExpanded(code, true);
  }
  applyFilter();
}

function rowDetails(a) {
  return h('div', { class: 'row-details' },
    h('div', { class: 'row-meta' }, ruleBadge(a), tls13Badge(a), dtlsBadge(a)),
    h('h3', { class: 'sub' }, t('meaning')),
    para(a.meaning),
    h('h3', { class: 'sub' }, t('commonCauses')),
    causeList(a.causes, 'h4', false),
    h('p', { class: 'more-link' }, navLink(alertPath(a), null, t('fullDetail', a.name), ' →')));
}

function setExpanded(code, open) {
  const r = table.rows.find((x) => x.alert.code === code);
  if (!r) {
    return;
  }
  r.button.setAttribute('aria-expanded', open ? 'true' : 'false');
  r.tr.classList.toggle('is-open', open);
  r.details.hidden = !open || r.tr.hidden;
}

function toggleRow(code) {
  const open = !table.expanded.has(code);
  if (open) {
    table.expanded.add(code);
  } else {
    table.expanded.delete(code);
  }
  setExpanded(code, open);
}

function matches(term, row) {
  const a = row.alert;
  if (/^\d+$/.test(term)) {
    return String(a.code).startsWith(term) || (term.length >= 4 && row.hay.includes(term));
  }
  if (/^0x[0-9a-f]{1,2}$/.test(term)) {
    return parseInt(term, 16) === a.code;
  }
  return row.hay.includes(term) || row.hay.includes(term.replace(/[-\s]/g, '_'));
}

export function applyFilter() {
  if (!table.list) {
    return;
  }
  const raw = $('filter').value.trim();
  const terms = raw.toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const row of table.rows) {
    const ok = terms.every((term) => matches(term, row));
    row.tr.hidden = !ok;
    row.details.hidden = !ok || !table.expanded.has(row.alert.code);
    if (ok) {
      shown++;
    }
  }
  const total = table.rows.length;
  $('count').textContent = shown === total ? t('countAll', total) : t('countSome', shown, total);
  const none = $('no-match');
  none.hidden = shown !== 0;
  none.textContent = shown === 0 ? t('noMatch', raw) : '';
  $('alerts-table').classList.toggle('is-empty', shown === 0);
}
