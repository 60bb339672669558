// The rendering of an alert: badges, references, causes, and a finding (an alert found in text or bytes).
import { alertPath, append, cssToken, h, navLink, para, rich } from './dom.js';
import { t, tOr } from './i18n.js';

export function ruleBadge(a) {
  const rule = a.levelRule || (a.alwaysFatal ? 'always-fatal' : 'sender-choice');
  return h('span', { class: 'badge rule-' + cssToken(rule) }, tOr('rule.' + rule, rule));
}

export function tls13Badge(a) {
  if (!a.tls13) {
    return null;
  }
  return h('span', { class: 'badge tls13-' + cssToken(a.tls13) }, tOr('tls13.' + a.tls13, a.tls13));
}

export function dtlsBadge(a) {
  return a.dtlsOk ? h('span', { class: 'badge neutral' }, t('dtlsOk')) : null;
}

export function referenceList(refs) {
  if (!refs || refs.length === 0) {
    return null;
  }
  const ul = h('ul', { class: 'refs' });
  for (const r of refs) {
    const m = /^RFC (\d{3,5})(?: §([0-9A-Z][0-9.]*))?$/.exec(r);
    if (m) {
      const url = 'https://www.rfc-editor.org/rfc/rfc' + m[1] + (m[2] ? '#section-' + m[2] : '');
      ul.appendChild(h('li', null, h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, r)));
    } else {
      ul.appendChild(h('li', null, r));
    }
  }
  return ul;
}

/** Causes as a list; headingTag for each cause title; collapsible: each one a <details> (the first open). */
export function causeList(causes, headingTag, collapsible) {
  const ol = h('ol', { class: 'causes' });
  (causes || []).forEach((c, i) => {
    // a cause the finding's line points at comes first, with why (JSON hint/said/because)
    const body = h('div', { class: 'cause-body' },
      c.because ? h('p', { class: 'cause-because' }, rich(c.because)) : null,
      h('div', { class: 'cause-step' }, h('span', { class: 'step-label step-confirm' }, t('confirm')), para(c.confirm)),
      h('div', { class: 'cause-step' }, h('span', { class: 'step-label step-fix' }, t('fix')), para(c.fix)));
    let item;
    if (collapsible) {
      item = h('details', { class: 'cause', open: i === 0 },
        h('summary', null, h('span', { class: 'cause-title' }, rich(c.title))), body);
    } else {
      item = h('div', { class: 'cause' }, h(headingTag, { class: 'cause-title' }, rich(c.title)), body);
    }
    ol.appendChild(h('li', { 'data-cause': c.id, 'data-hint': c.hint }, item));
  });
  return ol;
}

export function fact(label, ...content) {
  return h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, ...content));
}

/** An API error (or a network failure) as a notice. */
export function errorBox(e) {
  const box = h('div', { class: 'notice error-box', role: 'alert' },
    h('p', { class: 'notice-title' }, e && e.status ? t('errorPrefix') + ' (' + e.status + ')' : t('networkError')));
  if (e && e.status) {
    box.appendChild(h('p', { class: 'error-message' }, e.message));
  }
  if (e && e.body && typeof e.body.note === 'string') {
    box.appendChild(para(e.body.note));
  }
  return box;
}

/** The whole input line a match came from, with the match marked; null when the match is the whole line. */
export function lineContext(lines, lineNo, matchedText) {
  if (!lines || typeof lineNo !== 'number' || lineNo < 1 || lineNo > lines.length) {
    return null;
  }
  let line = lines[lineNo - 1];
  const m = String(matchedText || '');
  if (line.trim() === m.trim() || m.includes('\n')) {
    return null;
  }
  const max = 400;
  let at = m ? line.indexOf(m) : -1;
  if (line.length > max) {
    const from = at > 200 ? at - 150 : 0;
    line = (from > 0 ? '…' : '') + line.slice(from, from + max) + (from + max < line.length ? '…' : '');
    at = m ? line.indexOf(m) : -1;
  }
  const p = h('p', { class: 'context' });
  if (at < 0) {
    p.appendChild(document.createTextNode(line));
  } else {
    append(p, [line.slice(0, at), h('mark', null, m), line.slice(at + m.length)]);
  }
  return p;
}

/** A finding of explain (from text: lines are the input's) or of decode (fromBytes). */
export function renderFinding(f, fromBytes, lines) {
  const assigned = f.assigned !== false;
  const dir = f.direction || 'unknown';
  const levelText = f.level
    ? tOr('level.' + f.level, f.level) + (f.levelStated === false ? ' (' + t('usualLevel') + ')' : '')
    : null;
  const title = h('h3', { class: 'finding-title' },
    assigned ? navLink(alertPath(f), { class: 'alert-name' }, f.name) : h('span', { class: 'alert-name' }, f.name || t('unassigned')),
    ' ', h('span', { class: 'finding-code' }, '(' + f.code + ')'));
  const head = h('header', { class: 'finding-head' }, title,
    h('div', { class: 'badges' },
      levelText ? h('span', { class: 'badge level-' + cssToken(f.level) }, levelText) : null));
  const dirText = fromBytes && dir === 'unknown' ? t('direction.bytes') : tOr('direction.' + dir, dir);

  const who = fact(t('whoSent'),
    h('p', { class: 'who-line' },
      h('span', { class: 'badge dir-' + cssToken(dir) }, dirText),
      f.stack && f.stack !== 'unknown' ? [' · ', h('span', { class: 'stack' }, f.stackName || f.stack)] : null,
      f.evidence ? [' · ', h('span', { class: 'evidence' }, fromBytes ? t('evidence.decode') : tOr('evidence.' + f.evidence, f.evidence))] : null),
    f.who ? para(f.who) : null);

  const where = [];
  if (typeof f.line === 'number') {
    where.push(t('lineN', f.line));
  }
  if (typeof f.offset === 'number') {
    where.push(t('offsetN', f.offset));
  }
  if (f.occurrences > 1) {
    where.push(t('times', f.occurrences));
  }
  const matched = fact(t('matched'), h('p', null, h('code', { class: 'matched' }, f.text || ''),
    where.length ? h('span', { class: 'where' }, ' ' + where.join(' · ')) : null),
    fromBytes ? null : lineContext(lines, f.line, f.text));

  const dl = h('dl', { class: 'facts' }, who, matched);
  if (f.why) {
    dl.appendChild(fact(t('why'), para(f.why)));
  }
  if (!assigned) {
    dl.appendChild(fact(t('note'), para(f.note || '')));
    return h('article', { class: 'finding unassigned', 'data-code': f.code }, head, dl);
  }
  dl.appendChild(fact(t('meaning'), h('p', { class: 'summary' }, rich(f.summary)), para(f.meaning)));
  const check = [];
  if (dir !== 'sent' && f.ifReceived) {
    check.push(h('div', { class: 'check' }, h('p', { class: 'check-label' }, t('ifReceived')), para(f.ifReceived)));
  }
  if (dir !== 'received' && f.ifSent) {
    check.push(h('div', { class: 'check' }, h('p', { class: 'check-label' }, t('ifSent')), para(f.ifSent)));
  }
  if (check.length) {
    dl.appendChild(fact(t('whatToCheck'), check));
  }
  const refs = referenceList(f.references);
  return h('article', { class: 'finding', 'data-code': f.code, 'data-direction': dir }, head, dl,
    (f.causes && f.causes.length) ? [h('h4', { class: 'sub' }, t('commonCauses')), causeList(f.causes, 'h5', true)] : null,
    h('div', { class: 'finding-foot' },
      refs ? h('div', { class: 'refs-wrap' }, h('span', { class: 'refs-label' }, t('references') + ':'), refs) : null,
      navLink(alertPath(f), { class: 'more-link' }, t('fullDetail', f.name), ' →')));
}
