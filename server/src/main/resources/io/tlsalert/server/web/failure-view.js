// A failure without a named alert (JSON `failures`: peer closed, not TLS, local policy...): its class's title,
// meaning, likely causes, how to confirm and how to fix, in the look of a finding. Text nodes only (dom.js).
import { fact, lineContext } from './alert-view.js';
import { h, navLink, para, rich } from './dom.js';
import { t } from './i18n.js';

/**
 * The numbered items of a class's causes text ("1) ... 2) ..." in English, "1）... 2）..." in Chinese); the whole
 * text as one item when it is not numbered from 1. Markers must count up, so a "2)" inside an item stays text.
 */
export function numberedItems(text) {
  const s = String(text ?? '').trim();
  const marker = (n, from) => {
    const re = new RegExp('(^|[\\s。.;；])' + n + '[)）]\\s*', 'g');
    re.lastIndex = from;
    const m = re.exec(s);
    return m ? { at: m.index + m[1].length, end: re.lastIndex } : null;
  };
  let cur = marker(1, 0);
  if (s === '' || !cur || cur.at !== 0) {
    return s === '' ? [] : [s];
  }
  const items = [];
  for (let n = 2; ; n++) {
    const next = marker(n, cur.end);
    items.push(s.slice(cur.end, next ? next.at : s.length).trim());
    if (!next) {
      return items;
    }
    cur = next;
  }
}

/** The possible alerts of an `unnamed` failure as links to their pages, named when the registry list is known. */
function maybeList(codes, names) {
  const ul = h('ul', { class: 'maybe-alerts' });
  for (const code of codes) {
    const name = names.get(code);
    ul.appendChild(h('li', { 'data-code': code },
      navLink('/alerts/' + encodeURIComponent(name || String(code)), { class: 'alert-name' },
        name ? name + ' (' + code + ')' : String(code))));
  }
  return ul;
}

/** f: one entry of `failures`; lines: the input's lines; names: code -> alert name (may be empty). */
export function renderFailure(f, lines, names) {
  const unnamed = f.alert === 'unnamed';
  const head = h('header', { class: 'finding-head' },
    h('h3', { class: 'finding-title' }, rich(f.title || f.class)),
    h('div', { class: 'badges' },
      h('span', { class: 'badge failure-' + (unnamed ? 'unnamed' : 'none') },
        unnamed ? t('failure.unnamed') : t('noteHeading'))));

  const who = fact(t('failure.alert'),
    h('p', { class: 'who-line' }, unnamed ? t('failure.unnamedText') : t('failure.noneText'),
      f.stack && f.stack !== 'unknown' ? [' · ', h('span', { class: 'stack' }, f.stackName || f.stack)] : null));

  const where = [];
  if (typeof f.line === 'number') {
    where.push(t('lineN', f.line));
  }
  if (f.occurrences > 1) {
    where.push(t('times', f.occurrences));
  }
  const matched = fact(t('matched'), h('p', null, h('code', { class: 'matched' }, f.text || ''),
    where.length ? h('span', { class: 'where' }, ' ' + where.join(' · ')) : null),
    lineContext(lines, f.line, f.text));

  const dl = h('dl', { class: 'facts' }, who, matched);
  if (unnamed && f.maybe && f.maybe.length) {
    dl.appendChild(fact(t('failure.maybe'), maybeList(f.maybe, names)));
  }
  if (f.why) {
    dl.appendChild(fact(t('failure.why'), para(f.why)));
  }
  if (f.meaning) {
    dl.appendChild(fact(t('meaning'), para(f.meaning)));
  }

  const causes = h('ol', { class: 'failure-causes' });
  for (const item of numberedItems(f.causes)) {
    causes.appendChild(h('li', null, rich(item)));
  }
  const steps = h('div', { class: 'cause-body failure-steps' },
    f.confirm ? h('div', { class: 'cause-step' },
      h('span', { class: 'step-label step-confirm' }, t('confirm')), para(f.confirm)) : null,
    f.fix ? h('div', { class: 'cause-step' }, h('span', { class: 'step-label step-fix' }, t('fix')), para(f.fix)) : null);
  return h('article', { class: 'finding failure', 'data-class': f.class, 'data-alert': unnamed ? 'unnamed' : 'none' },
    head, dl,
    causes.childElementCount ? [h('h4', { class: 'sub' }, t('failure.likelyCauses')), causes] : null,
    steps.childElementCount ? steps : null);
}
