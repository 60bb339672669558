// One alert's page (/alerts/<code or name>): everything about it, its neighbours, or why the name is no alert.
import { api, loadAlerts } from './api.js';
import { causeList, dtlsBadge, errorBox, referenceList, ruleBadge, tls13Badge } from './alert-view.js';
import { $, alertPath, h, hex, navLink, para, rich } from './dom.js';
import { lang, t } from './i18n.js';

let detailSeq = 0;

export async function loadDetail(key, moveFocus) {
  const box = $('detail');
  const seq = ++detailSeq;
  box.setAttribute('aria-busy', 'true');
  if (!box.firstChild) {
    box.replaceChildren(h('p', { class: 'status' }, t('loading')));
  }
  try {
    const body = await api('/api/alerts/' + encodeURIComponent(key));
    if (seq !== detailSeq) {
      return;
    }
    const list = await loadAlerts(lang()).catch(() => null);
    if (seq !== detailSeq) {
      return;
    }
    box.replaceChildren(renderDetail(body.alert, list));
    document.title = body.alert.name + ' (' + body.alert.code + ') — tlsalert';
  } catch (e) {
    if (seq !== detailSeq) {
      return;
    }
    const list = await loadAlerts(lang()).catch(() => null);
    box.replaceChildren(renderDetailError(key, e, list));
    document.title = t('notFoundHeading') + ' — tlsalert';
  } finally {
    if (seq === detailSeq) {
      box.removeAttribute('aria-busy');
    }
  }
  if (moveFocus) {
    const heading = box.querySelector('h2');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }
}

function section(title, ...content) {
  return h('section', { class: 'detail-section' }, h('h3', null, title), ...content);
}

function renderDetail(a, list) {
  const frag = document.createDocumentFragment();
  frag.appendChild(h('header', { class: 'detail-head' },
    h('p', { class: 'detail-code' }, h('span', { class: 'code-num' }, String(a.code)), ' ', h('span', { class: 'code-hex' }, hex(a.code))),
    h('h2', { class: 'detail-name' }, a.name),
    h('div', { class: 'badges' }, ruleBadge(a), tls13Badge(a), dtlsBadge(a)),
    h('p', { class: 'lead' }, rich(a.summary))));
  const meaning = section(t('meaning'), para(a.meaning));
  meaning.classList.add('span-2');
  frag.appendChild(h('div', { class: 'detail-grid' },
    meaning,
    section(t('ifReceived'), para(a.ifReceived)),
    section(t('ifSent'), para(a.ifSent)),
    section(t('levelHeading'), para(a.levelRuleText)),
    section(t('tls13Heading'), para(a.tls13Text))));
  if (a.causes && a.causes.length) {
    frag.appendChild(h('section', { class: 'detail-section detail-causes' },
      h('h3', null, t('commonCauses')), causeList(a.causes, 'h4', false)));
  }
  const refs = referenceList(a.references);
  if (refs) {
    frag.appendChild(section(t('references'), refs));
  }
  if (list) {
    frag.appendChild(pager(a, list));
  }
  return frag;
}

/** Links to the alerts before and after this one in the registry. */
function pager(a, list) {
  const i = list.findIndex((x) => x.code === a.code);
  const prev = i > 0 ? list[i - 1] : null;
  const next = i >= 0 && i < list.length - 1 ? list[i + 1] : null;
  return h('nav', { class: 'pager', 'aria-label': t('prev') + ' / ' + t('next') },
    prev ? navLink(alertPath(prev), { class: 'pager-prev', rel: 'prev' }, '← ', h('span', { class: 'visually-hidden' }, t('prev') + ': '), prev.code + ' ' + prev.name) : h('span'),
    next ? navLink(alertPath(next), { class: 'pager-next', rel: 'next' }, h('span', { class: 'visually-hidden' }, t('next') + ': '), next.code + ' ' + next.name, ' →') : h('span'));
}

function renderDetailError(key, e, list) {
  const frag = document.createDocumentFragment();
  frag.appendChild(h('h2', { class: 'detail-error-title' }, e && e.status === 404 ? t('notFoundHeading') : t('errorPrefix')));
  frag.appendChild(h('p', { class: 'asked' }, h('code', { class: 'matched' }, key)));
  if (e && e.status === 404) {
    frag.appendChild(h('div', { class: 'notice' }, h('p', { class: 'notice-title' }, e.message),
      e.body && typeof e.body.note === 'string' ? para(e.body.note) : null));
  } else {
    frag.appendChild(errorBox(e));
  }
  if (list) {
    const k = key.toLowerCase().replace(/[\s-]+/g, '_');
    const guesses = k.length >= 3
      ? list.filter((a) => a.name.includes(k) || k.includes(a.name) || k.split('_').some((w) => w.length >= 4 && a.name.includes(w))).slice(0, 6)
      : [];
    if (guesses.length) {
      frag.appendChild(h('div', { class: 'guesses' }, h('p', null, t('didYouMean')),
        h('ul', null, guesses.map((a) => h('li', null, navLink(alertPath(a), null, a.code + ' ' + a.name))))));
    }
  }
  return frag;
}
