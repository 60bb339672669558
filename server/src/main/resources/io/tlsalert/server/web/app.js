// tlsalert web page: plain ES modules, no dependencies, no build step, no innerHTML. This module starts the page:
// the language, the controls, the table and the route. The strings come from the server (GET /api/texts).
import { loadAlerts } from './api.js';
import { loadDetail } from './detail-view.js';
import { $ } from './dom.js';
import { runExplain, scheduleExplain, share } from './explain-view.js';
import { LANGS, lang, t, tag, useLang } from './i18n.js';
import { currentRoute, hashText, onRoute, startRouting } from './router.js';
import { applyFilter, hasList, renderTable } from './table.js';

const LANG_KEY = 'tlsalert.lang';

const EXAMPLES = {
  java: 'javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure',
  curl: 'curl: (35) OpenSSL/3.0.19: error:0A000410:SSL routines::sslv3 alert handshake failure',
  go: 'Get "https://api.example.test/": remote error: tls: unknown certificate authority',
  pkix: 'javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
  hex: '15 03 03 00 02 02 30',
};

/** The link's ?lang= (a shared Chinese link opens in Chinese), else the remembered one, else the browser's first one we have, else English. */
function initialLang() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (LANGS.includes(asked)) {
    return asked;
  }
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (LANGS.includes(saved)) {
      return saved;
    }
  } catch (e) {
    // storage blocked: fall through
  }
  const prefs = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language || 'en'];
  for (const l of prefs) {
    const x = String(l).toLowerCase();
    const known = LANGS.find((k) => x.startsWith(k));
    if (known) {
      return known;
    }
  }
  return 'en';
}

/** The strings of the page's own markup (its data-i18n attributes), the language buttons and the title. */
function applyStaticStrings() {
  document.documentElement.lang = tag(lang());
  for (const e of document.querySelectorAll('[data-i18n]')) {
    e.textContent = t(e.getAttribute('data-i18n'));
  }
  for (const b of document.querySelectorAll('.lang-btn')) {
    b.setAttribute('aria-pressed', b.dataset.lang === lang() ? 'true' : 'false');
  }
  if (currentRoute().view === 'home') {
    document.title = t('title');
  }
  $('share-status').textContent = '';
}

async function showList() {
  const l = lang();
  $('list-status').textContent = hasList() ? '' : t('loading');
  try {
    const list = await loadAlerts(l);
    if (l !== lang()) {
      return;
    }
    renderTable(list);
    $('list-status').textContent = '';
    $('alerts-table').dataset.ready = 'true';
    $('alerts-table').dataset.lang = l;
  } catch (e) {
    if (l === lang()) {
      $('list-status').textContent = t('alertsLoadError') + ' ' + (e.message || '');
    }
  }
}

/** A link copied from the address bar opens in the language it was copied in: ?lang= follows the choice. */
function keepLangInAddress(l) {
  const url = new URL(location.href);
  if (url.searchParams.get('lang') === l || (!url.searchParams.has('lang') && l === 'en')) {
    return;
  }
  url.searchParams.set('lang', l);
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

async function setLang(l) {
  if (!LANGS.includes(l)) {
    return;
  }
  const changed = l !== lang();
  await useLang(l);
  try {
    localStorage.setItem(LANG_KEY, l);
  } catch (e) {
    // not remembered: fine
  }
  applyStaticStrings();
  keepLangInAddress(l);
  if (!changed) {
    return;
  }
  showList();
  if (currentRoute().view === 'detail') {
    loadDetail(currentRoute().key, false);
  }
  if ($('paste').value.trim()) {
    runExplain(true);
  }
}

function renderRoute(moveFocus) {
  const r = currentRoute();
  $('view-home').hidden = r.view !== 'home';
  $('view-detail').hidden = r.view !== 'detail';
  if (r.view === 'detail') {
    document.title = r.key + ' — tlsalert';
    loadDetail(r.key, moveFocus);
    return;
  }
  document.title = t('title');
  const text = hashText();
  if (text !== null && text !== $('paste').value) {
    $('paste').value = text;
    runExplain(true);
  }
  if (r.list && moveFocus) {
    $('list-heading').scrollIntoView();
  } else if (moveFocus) {
    window.scrollTo(0, 0);
  }
}

function wireControls() {
  for (const b of document.querySelectorAll('.lang-btn')) {
    b.addEventListener('click', () => setLang(b.dataset.lang));
  }
  $('explain-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    runExplain(true);
  });
  $('paste').addEventListener('input', scheduleExplain);
  $('paste').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      runExplain(true);
    }
  });
  $('clear-btn').addEventListener('click', () => {
    $('paste').value = '';
    runExplain(true);
    $('paste').focus();
  });
  $('share-btn').addEventListener('click', share);
  for (const b of document.querySelectorAll('[data-example]')) {
    b.addEventListener('click', () => {
      $('paste').value = EXAMPLES[b.dataset.example] || '';
      runExplain(true);
    });
  }
  $('filter').addEventListener('input', applyFilter);
  $('filter').addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && $('filter').value) {
      $('filter').value = '';
      applyFilter();
    }
  });
  document.querySelector('.skip-link').addEventListener('click', (ev) => {
    ev.preventDefault();
    $('main').focus();
  });
}

async function start() {
  try {
    await useLang(initialLang());
  } catch (e) {
    $('list-status').textContent = 'Could not load the page texts: ' + (e.message || e);
    return;
  }
  applyStaticStrings();
  wireControls();
  onRoute(renderRoute);
  startRouting();
  showList();
  renderRoute(false);
}

// A module runs after the document is parsed (as defer did).
start();
