// The explain view: the paste box, sent to /api/explain (text) or /api/decode (bytes) as you type, and the answer.
import { loadAlerts, postJson } from './api.js';
import { errorBox, renderFinding } from './alert-view.js';
import { renderDecode } from './decode-view.js';
import { $, h } from './dom.js';
import { renderFailure } from './failure-view.js';
import { count, lang, t } from './i18n.js';
import { MAX_HASH_TEXT, updateHash } from './router.js';

const DEBOUNCE_MS = 350;

const run = {
  seq: 0,
  abort: null,
  debounce: 0,
  last: null, // text last sent to the API, with its language
};

/** 'bytes' when the text is hex (at least 5 bytes) or base64 of a TLS record, 'empty', else 'text'. */
export function inputKind(text) {
  const s = text.trim();
  if (s === '') {
    return 'empty';
  }
  const lines = s.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.every((l) => /^\s*[0-9a-fA-F]{4,8}:?\s+(?:[0-9a-fA-F]{2}\s{1,2}){1,16}/.test(l))) {
    return 'bytes'; // a hexdump with offsets (Wireshark, xxd -g1, od)
  }
  if (/^[0-9a-fA-F\s:,]*$/.test(s.replace(/0x/gi, ' '))) {
    const digits = s.replace(/0x/gi, '').replace(/[^0-9a-fA-F]/g, '').length;
    if (digits >= 10) {
      return 'bytes';
    }
    return 'text';
  }
  const b = s.replace(/\s+/g, '');
  if (b.length >= 8 && /^[A-Za-z0-9+/]+={0,2}$/.test(b)) {
    try {
      const head = atob(b.slice(0, 8));
      const type = head.charCodeAt(0);
      const major = head.charCodeAt(1);
      if (type >= 20 && type <= 25 && (major === 3 || major === 0xfe)) {
        return 'bytes';
      }
    } catch (e) {
      return 'text';
    }
  }
  return 'text';
}

export function scheduleExplain() {
  clearTimeout(run.debounce);
  run.debounce = setTimeout(() => runExplain(false), DEBOUNCE_MS);
}

/** Explains the paste box; force: even when the text and language are those of the last run. */
export async function runExplain(force) {
  clearTimeout(run.debounce);
  const text = $('paste').value;
  const kind = inputKind(text);
  if (!force && run.last && run.last.text === text && run.last.lang === lang()) {
    return;
  }
  run.last = { text, lang: lang() };
  updateHash(text);
  if (run.abort) {
    run.abort.abort();
    run.abort = null;
  }
  const results = $('results');
  const seq = ++run.seq;
  if (kind === 'empty') {
    results.replaceChildren();
    results.removeAttribute('aria-busy');
    return;
  }
  const ctrl = new AbortController();
  run.abort = ctrl;
  results.setAttribute('aria-busy', 'true');
  const busyTimer = setTimeout(() => {
    if (seq === run.seq) {
      results.replaceChildren(h('p', { class: 'status' }, kind === 'bytes' ? t('decoding') : t('explaining')));
    }
  }, 250);
  const l = lang();
  try {
    const body = kind === 'bytes'
      ? await postJson('/api/decode', { data: text, format: 'auto' }, ctrl.signal, l)
      : await postJson('/api/explain', { text }, ctrl.signal, l);
    if (seq !== run.seq) {
      return;
    }
    const names = kind === 'bytes' ? new Map() : await alertNames(body, l);
    if (seq !== run.seq) {
      return;
    }
    results.replaceChildren(kind === 'bytes' ? renderDecode(body) : renderExplanation(body, text, names));
    results.dataset.kind = kind;
  } catch (e) {
    if (e && e.name === 'AbortError') {
      return;
    }
    if (seq !== run.seq) {
      return;
    }
    results.replaceChildren(errorBox(e));
    results.dataset.kind = 'error';
  } finally {
    clearTimeout(busyTimer);
    if (seq === run.seq) {
      results.removeAttribute('aria-busy');
      run.abort = null;
    }
  }
}

/** code -> name of the registry, when a failure lists possible alerts (else empty: the codes show alone). */
async function alertNames(body, l) {
  if (!(body.failures || []).some((x) => x.maybe && x.maybe.length)) {
    return new Map();
  }
  try {
    return new Map((await loadAlerts(l)).map((a) => [a.code, a.name]));
  } catch (e) {
    return new Map();
  }
}

/** Findings, then failures without a named alert (every note of the API is also a failure, so notes are not shown twice). */
function renderExplanation(body, text, names) {
  const lines = String(text || '').split(/\r?\n/);
  const frag = document.createDocumentFragment();
  const findings = body.findings || [];
  const failures = body.failures || [];
  if (findings.length === 0 && failures.length === 0) {
    frag.appendChild(h('div', { class: 'notice empty-result' },
      h('p', { class: 'notice-title' }, t('nothingFound')), h('p', null, t('nothingFoundHint'))));
    return frag;
  }
  const failuresPart = failures.length ? t('foundSummary.notes', count('failures', failures.length)) : '';
  frag.appendChild(h('p', { class: 'result-summary' },
    t('foundSummary', count('alerts', findings.length), failuresPart, count('lines', body.lines || 1))));
  for (const f of findings) {
    frag.appendChild(renderFinding(f, false, lines));
  }
  for (const f of failures) {
    frag.appendChild(renderFailure(f, lines, names));
  }
  return frag;
}

/** Copies a link that opens the page with the paste box's text. */
export async function share() {
  const status = $('share-status');
  const text = $('paste').value;
  if (!text.trim()) {
    status.textContent = t('nothingToShare');
    return;
  }
  if (text.length > MAX_HASH_TEXT) {
    status.textContent = t('linkTooLong');
    return;
  }
  updateHash(text);
  try {
    await navigator.clipboard.writeText(location.href);
    status.textContent = t('linkCopied');
  } catch (e) {
    status.textContent = t('linkInBar');
  }
}
