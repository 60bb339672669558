// tlsalert web page: plain ES2020, no dependencies, no innerHTML. Every string from the user or the server enters the
// DOM as a text node; backtick-quoted spans become <code> elements holding text.
'use strict';

(function () {
  // ---------------------------------------------------------------------------------------------------------------
  // UI strings
  // ---------------------------------------------------------------------------------------------------------------
  const I18N = {
    en: {
      title: 'tlsalert — TLS alerts explained',
      skip: 'Skip to content',
      tagline: 'TLS alerts explained: who sent it, what it means, how to fix it.',
      language: 'Language',
      explainHeading: 'Explain an error',
      pasteLabel: 'Paste an error message, log lines, or TLS bytes (hex or base64)',
      pasteHint: 'Explained as you type. Error text from Java, OpenSSL, curl, Go, Python, Node, .NET, nginx and more; bytes are decoded as TLS records.',
      explainButton: 'Explain',
      clearButton: 'Clear',
      shareButton: 'Copy link',
      examples: 'Examples:',
      exampleBytes: 'Bytes',
      listHeading: 'All TLS alerts',
      filterLabel: 'Filter by code, name or text',
      tableCaption: 'TLS alert descriptions: code, name, level and meaning',
      colCode: 'Code',
      colName: 'Name',
      colLevel: 'Level',
      colSummary: 'Meaning',
      colCauses: 'Causes',
      breadcrumb: 'Breadcrumb',
      backToAll: '← All alerts',
      footer: 'Data: the IANA TLS Alerts registry and the RFCs; error patterns checked against real TLS stacks.',
      apiLink: 'API',
      loading: 'Loading…',
      explaining: 'Explaining…',
      decoding: 'Decoding bytes…',
      countAll: (n) => `${n} alerts`,
      countSome: (k, n) => `Showing ${k} of ${n} alerts`,
      noMatch: (q) => `No alert matches “${q}”.`,
      showCauses: (n) => `Causes (${n})`,
      fullDetail: (name) => `Full details of ${name}`,
      commonCauses: 'Common causes',
      confirm: 'Confirm',
      fix: 'Fix',
      meaning: 'Meaning',
      levelHeading: 'Level',
      tls13Heading: 'TLS 1.3 and DTLS',
      ifReceived: 'If you received it',
      ifSent: 'If you sent it',
      whatToCheck: 'What to check',
      references: 'References',
      whoSent: 'Who sent it',
      matched: 'Matched text',
      lineN: (n) => `line ${n}`,
      offsetN: (n) => `byte offset ${n}`,
      times: (n) => `seen ${n} times`,
      why: 'Why this alert',
      note: 'Note',
      dir_received: 'Received from the peer',
      dir_sent: 'Sent by your side',
      dir_unknown: 'Sender not stated',
      dir_bytes: 'Sent by the side that wrote these bytes',
      ev_alert: 'reported in the text',
      ev_implied: 'implied by the error',
      ev_query: 'looked up by code or name',
      ev_decode: 'decoded from the bytes',
      stack: 'Stack',
      level_fatal: 'Fatal',
      level_warning: 'Warning',
      usualLevel: 'usual level',
      rule_always_fatal: 'Always fatal',
      rule_sender_choice: 'Warning or fatal',
      rule_closure: 'Closure',
      rule_generally_warning: 'Usually warning',
      rule_always_warning: 'Warning',
      tls13_in_use: 'Used in TLS 1.3',
      tls13_reserved: 'Obsolete (reserved)',
      tls13_dtls13_only: 'DTLS 1.3 only',
      tls13_not_used: 'Not used in TLS 1.3',
      dtlsOk: 'Valid in DTLS',
      unassigned: 'Unassigned value',
      foundSummary: (a, n, l) => `${a} alert${a === 1 ? '' : 's'}${n ? `, ${n} note${n === 1 ? '' : 's'}` : ''} in ${l} line${l === 1 ? '' : 's'}.`,
      decodedSummary: (bytes, recs, a) => `Decoded ${bytes} byte${bytes === 1 ? '' : 's'}: ${recs} record${recs === 1 ? '' : 's'}, ${a} alert${a === 1 ? '' : 's'}.`,
      noteHeading: 'No alert was sent',
      nothingFound: 'No TLS alert found in this text.',
      nothingFoundHint: 'Paste the whole error line (for example “Received fatal alert: …”, “sslv3 alert …”, “remote error: tls: …”), an alert code or name such as 40 or handshake_failure, or the bytes of an alert record.',
      noAlertInBytes: 'These bytes hold no alert record.',
      decodeProblem: 'The bytes stop making sense here',
      atOffset: (f, o) => `${f} at byte ${o}`,
      recordTree: (n) => `Record structure (${n} record${n === 1 ? '' : 's'})`,
      moreItems: (n) => `… ${n} more`,
      errorPrefix: 'The server answered with an error',
      networkError: 'Could not reach the tlsalert server. Is it still running?',
      notFoundHeading: 'Not a TLS alert',
      didYouMean: 'Did you mean:',
      prev: 'Previous',
      next: 'Next',
      linkCopied: 'Link copied: it opens this page with your text.',
      linkInBar: 'The address bar now holds a link to this text.',
      linkTooLong: 'The text is too long to put in a link.',
      nothingToShare: 'Paste some text first.',
      alertsLoadError: 'Could not load the alert list.',
      codeHex: (h) => `hex ${h}`,
    },
    zh: {
      title: 'tlsalert — TLS 告警详解',
      skip: '跳到正文',
      tagline: 'TLS 告警详解：谁发送的、含义是什么、如何修复。',
      language: '语言',
      explainHeading: '解释错误信息',
      pasteLabel: '粘贴错误信息、日志行或 TLS 字节（十六进制或 base64）',
      pasteHint: '输入时即时解释。支持 Java、OpenSSL、curl、Go、Python、Node、.NET、nginx 等的错误文本；字节会按 TLS 记录解码。',
      explainButton: '解释',
      clearButton: '清空',
      shareButton: '复制链接',
      examples: '示例：',
      exampleBytes: '字节',
      listHeading: '全部 TLS 告警',
      filterLabel: '按代码、名称或文字筛选',
      tableCaption: 'TLS 告警说明：代码、名称、级别与含义',
      colCode: '代码',
      colName: '名称',
      colLevel: '级别',
      colSummary: '含义',
      colCauses: '原因',
      breadcrumb: '导航路径',
      backToAll: '← 全部告警',
      footer: '数据来源：IANA TLS 告警注册表与相关 RFC；错误模式已对照真实 TLS 实现核验。',
      apiLink: 'API',
      loading: '加载中…',
      explaining: '正在解释…',
      decoding: '正在解码字节…',
      countAll: (n) => `共 ${n} 个告警`,
      countSome: (k, n) => `显示 ${k} / ${n} 个告警`,
      noMatch: (q) => `没有与“${q}”匹配的告警。`,
      showCauses: (n) => `原因（${n}）`,
      fullDetail: (name) => `查看 ${name} 的完整说明`,
      commonCauses: '常见原因',
      confirm: '确认方法',
      fix: '修复方法',
      meaning: '含义',
      levelHeading: '级别',
      tls13Heading: 'TLS 1.3 与 DTLS',
      ifReceived: '如果是你收到的',
      ifSent: '如果是你发送的',
      whatToCheck: '排查方向',
      references: '参考',
      whoSent: '由谁发送',
      matched: '匹配的文本',
      lineN: (n) => `第 ${n} 行`,
      offsetN: (n) => `字节偏移 ${n}`,
      times: (n) => `出现 ${n} 次`,
      why: '为何是这个告警',
      note: '说明',
      dir_received: '收到的：由对端发送',
      dir_sent: '由本端发送',
      dir_unknown: '未说明发送方',
      dir_bytes: '由写出这些字节的一方发送',
      ev_alert: '文本中报告的告警',
      ev_implied: '由错误推断',
      ev_query: '按代码或名称查询',
      ev_decode: '从字节中解码',
      stack: '实现',
      level_fatal: '致命',
      level_warning: '警告',
      usualLevel: '通常级别',
      rule_always_fatal: '始终致命',
      rule_sender_choice: '警告或致命',
      rule_closure: '关闭通知',
      rule_generally_warning: '通常为警告',
      rule_always_warning: '警告',
      tls13_in_use: 'TLS 1.3 中使用',
      tls13_reserved: '已废弃（保留）',
      tls13_dtls13_only: '仅用于 DTLS 1.3',
      tls13_not_used: 'TLS 1.3 不使用',
      dtlsOk: '适用于 DTLS',
      unassigned: '未分配的值',
      foundSummary: (a, n, l) => `在 ${l} 行中找到 ${a} 个告警${n ? `、${n} 条说明` : ''}。`,
      decodedSummary: (bytes, recs, a) => `已解码 ${bytes} 字节：${recs} 条记录，${a} 个告警。`,
      noteHeading: '没有发送告警',
      nothingFound: '在这段文本中没有找到 TLS 告警。',
      nothingFoundHint: '请粘贴完整的错误行（例如“Received fatal alert: …”“sslv3 alert …”“remote error: tls: …”），告警代码或名称（如 40 或 handshake_failure），或告警记录的字节。',
      noAlertInBytes: '这些字节中没有告警记录。',
      decodeProblem: '字节在此处无法继续解析',
      atOffset: (f, o) => `${f}，位于第 ${o} 字节`,
      recordTree: (n) => `记录结构（${n} 条记录）`,
      moreItems: (n) => `… 另有 ${n} 项`,
      errorPrefix: '服务器返回错误',
      networkError: '无法连接 tlsalert 服务器，它还在运行吗？',
      notFoundHeading: '不是 TLS 告警',
      didYouMean: '你是不是要找：',
      prev: '上一个',
      next: '下一个',
      linkCopied: '链接已复制：打开它会带上你的文本。',
      linkInBar: '地址栏中现在是指向这段文本的链接。',
      linkTooLong: '文本太长，无法放进链接。',
      nothingToShare: '请先粘贴文本。',
      alertsLoadError: '无法加载告警列表。',
      codeHex: (h) => `十六进制 ${h}`,
    },
  };

  const EXAMPLES = {
    java: 'javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure',
    curl: 'curl: (35) OpenSSL/3.0.19: error:0A000410:SSL routines::sslv3 alert handshake failure',
    go: 'Get "https://api.example.test/": remote error: tls: unknown certificate authority',
    pkix: 'javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
    hex: '15 03 03 00 02 02 30',
  };

  const LANG_KEY = 'tlsalert.lang';
  const MAX_HASH_TEXT = 4000;
  const DEBOUNCE_MS = 350;

  const state = {
    lang: 'en',
    alerts: {},          // lang -> Promise<alert[]>
    list: null,          // the alerts of the current language, once loaded
    rows: [],            // {alert, tr, details, button, hay}
    expanded: new Set(), // codes whose causes are open in the table
    explainSeq: 0,
    explainAbort: null,
    detailSeq: 0,
    debounce: 0,
    lastRun: null,       // text last sent to the API, with its language
  };

  const $ = (id) => document.getElementById(id);

  function t(key, ...args) {
    const v = (I18N[state.lang] && I18N[state.lang][key]) ?? I18N.en[key];
    if (typeof v === 'function') {
      return v(...args);
    }
    return v === undefined ? key : v;
  }

  /** t(key), or the fallback when no language has the key (a value the page does not know yet). */
  function tOr(key, fallback) {
    return (I18N.en[key] === undefined) ? fallback : t(key);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // DOM helpers: text only
  // ---------------------------------------------------------------------------------------------------------------
  function h(tag, attrs, ...children) {
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

  function append(parent, children) {
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
  function rich(text) {
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

  function para(text, cls) {
    return h('p', cls ? { class: cls } : null, rich(text));
  }

  function alertPath(a) {
    return '/alerts/' + encodeURIComponent(a.name || String(a.code));
  }

  function navLink(href, attrs, ...children) {
    return h('a', Object.assign({ href, 'data-nav': true }, attrs || {}), ...children);
  }

  function hex(code) {
    return '0x' + Number(code).toString(16).padStart(2, '0').toUpperCase();
  }

  function cssToken(s) {
    return String(s || '').toLowerCase().replace(/[^a-z0-9]+/g, '-');
  }

  // ---------------------------------------------------------------------------------------------------------------
  // API
  // ---------------------------------------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(message, status, body) {
      super(message);
      this.status = status;
      this.body = body;
    }
  }

  async function api(path, options, lang) {
    const url = path + (path.includes('?') ? '&' : '?') + 'lang=' + encodeURIComponent(lang || state.lang);
    let res;
    try {
      res = await fetch(url, Object.assign({ headers: { Accept: 'application/json' } }, options || {}));
    } catch (e) {
      if (e && e.name === 'AbortError') {
        throw e;
      }
      throw new ApiError(t('networkError'), 0, null);
    }
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      body = null;
    }
    if (!res.ok) {
      const msg = body && typeof body.error === 'string' ? body.error : 'HTTP ' + res.status;
      throw new ApiError(msg, res.status, body);
    }
    return body;
  }

  function loadAlerts(lang) {
    if (!state.alerts[lang]) {
      state.alerts[lang] = api('/api/alerts', null, lang).then((b) => b.alerts, (e) => {
        delete state.alerts[lang];
        throw e;
      });
    }
    return state.alerts[lang];
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Shared pieces
  // ---------------------------------------------------------------------------------------------------------------
  function ruleBadge(a) {
    const rule = a.levelRule || (a.alwaysFatal ? 'always-fatal' : 'sender-choice');
    return h('span', { class: 'badge rule-' + cssToken(rule) }, tOr('rule_' + rule.replace(/-/g, '_'), rule));
  }

  function tls13Badge(a) {
    if (!a.tls13) {
      return null;
    }
    return h('span', { class: 'badge tls13-' + cssToken(a.tls13) }, tOr('tls13_' + a.tls13.replace(/-/g, '_'), a.tls13));
  }

  function referenceList(refs) {
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

  /** Causes as a list; headingTag for each cause title; open: all visible, else each one a <details>. */
  function causeList(causes, headingTag, collapsible) {
    const ol = h('ol', { class: 'causes' });
    (causes || []).forEach((c, i) => {
      const body = h('div', { class: 'cause-body' },
        h('div', { class: 'cause-step' }, h('span', { class: 'step-label step-confirm' }, t('confirm')), para(c.confirm)),
        h('div', { class: 'cause-step' }, h('span', { class: 'step-label step-fix' }, t('fix')), para(c.fix)));
      let item;
      if (collapsible) {
        item = h('details', { class: 'cause', open: i === 0 },
          h('summary', null, h('span', { class: 'cause-title' }, rich(c.title))), body);
      } else {
        item = h('div', { class: 'cause' }, h(headingTag, { class: 'cause-title' }, rich(c.title)), body);
      }
      ol.appendChild(h('li', { 'data-cause': c.id }, item));
    });
    return ol;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The table
  // ---------------------------------------------------------------------------------------------------------------
  function haystack(a) {
    return [a.code, hex(a.code), a.name, (a.name || '').replace(/_/g, ' '), a.summary, a.meaning,
      ...(a.causes || []).map((c) => c.title)].join('\n').toLowerCase();
  }

  function renderTable(alerts) {
    const tbody = $('alerts-body');
    tbody.replaceChildren();
    state.rows = [];
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
        h('td', { colspan: '5' }, tableDetails(a)));
      button.addEventListener('click', () => toggleRow(a.code));
      tbody.append(tr, details);
      state.rows.push({ alert: a, tr, details, button, hay: haystack(a) });
    }
    for (const code of state.expanded) {
      setExpanded(code, true);
    }
    applyFilter();
  }

  function tableDetails(a) {
    return h('div', { class: 'row-details' },
      h('div', { class: 'row-meta' }, ruleBadge(a), tls13Badge(a), a.dtlsOk ? h('span', { class: 'badge neutral' }, t('dtlsOk')) : null),
      h('h3', { class: 'sub' }, t('meaning')),
      para(a.meaning),
      h('h3', { class: 'sub' }, t('commonCauses')),
      causeList(a.causes, 'h4', false),
      h('p', { class: 'more-link' }, navLink(alertPath(a), null, t('fullDetail', a.name), ' →')));
  }

  function rowByCode(code) {
    return state.rows.find((r) => r.alert.code === code);
  }

  function setExpanded(code, open) {
    const r = rowByCode(code);
    if (!r) {
      return;
    }
    r.button.setAttribute('aria-expanded', open ? 'true' : 'false');
    r.tr.classList.toggle('is-open', open);
    r.details.hidden = !open || r.tr.hidden;
  }

  function toggleRow(code) {
    const open = !state.expanded.has(code);
    if (open) {
      state.expanded.add(code);
    } else {
      state.expanded.delete(code);
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

  function applyFilter() {
    if (!state.list) {
      return;
    }
    const raw = $('filter').value.trim();
    const terms = raw.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of state.rows) {
      const ok = terms.every((term) => matches(term, row));
      row.tr.hidden = !ok;
      row.details.hidden = !ok || !state.expanded.has(row.alert.code);
      if (ok) {
        shown++;
      }
    }
    const total = state.rows.length;
    $('count').textContent = shown === total ? t('countAll', total) : t('countSome', shown, total);
    const none = $('no-match');
    none.hidden = shown !== 0;
    none.textContent = shown === 0 ? t('noMatch', raw) : '';
    $('alerts-table').classList.toggle('is-empty', shown === 0);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Explain and decode
  // ---------------------------------------------------------------------------------------------------------------
  /** 'bytes' when the text is hex (at least 5 bytes) or base64 of a TLS record, else 'text'. */
  function inputKind(text) {
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

  function scheduleExplain() {
    clearTimeout(state.debounce);
    state.debounce = setTimeout(() => runExplain(false), DEBOUNCE_MS);
  }

  async function runExplain(force) {
    clearTimeout(state.debounce);
    const text = $('paste').value;
    const kind = inputKind(text);
    if (!force && state.lastRun && state.lastRun.text === text && state.lastRun.lang === state.lang) {
      return;
    }
    state.lastRun = { text, lang: state.lang };
    updateHash(text);
    if (state.explainAbort) {
      state.explainAbort.abort();
      state.explainAbort = null;
    }
    const results = $('results');
    const seq = ++state.explainSeq;
    if (kind === 'empty') {
      results.replaceChildren();
      results.removeAttribute('aria-busy');
      return;
    }
    const ctrl = new AbortController();
    state.explainAbort = ctrl;
    results.setAttribute('aria-busy', 'true');
    const busyTimer = setTimeout(() => {
      if (seq === state.explainSeq) {
        results.replaceChildren(h('p', { class: 'status' }, kind === 'bytes' ? t('decoding') : t('explaining')));
      }
    }, 250);
    const lang = state.lang;
    try {
      let body;
      if (kind === 'bytes') {
        body = await api('/api/decode', {
          method: 'POST', signal: ctrl.signal,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ data: text, format: 'auto' }),
        }, lang);
      } else {
        body = await api('/api/explain', {
          method: 'POST', signal: ctrl.signal,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ text }),
        }, lang);
      }
      if (seq !== state.explainSeq) {
        return;
      }
      results.replaceChildren(kind === 'bytes' ? renderDecode(body) : renderExplanation(body, text));
      results.dataset.kind = kind;
    } catch (e) {
      if (e && e.name === 'AbortError') {
        return;
      }
      if (seq !== state.explainSeq) {
        return;
      }
      results.replaceChildren(errorBox(e));
      results.dataset.kind = 'error';
    } finally {
      clearTimeout(busyTimer);
      if (seq === state.explainSeq) {
        results.removeAttribute('aria-busy');
        state.explainAbort = null;
      }
    }
  }

  function errorBox(e) {
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

  function renderExplanation(body, text) {
    const lines = String(text || '').split(/\r?\n/);
    const frag = document.createDocumentFragment();
    const findings = body.findings || [];
    const notes = body.notes || [];
    if (findings.length === 0 && notes.length === 0) {
      frag.appendChild(h('div', { class: 'notice empty-result' },
        h('p', { class: 'notice-title' }, t('nothingFound')), h('p', null, t('nothingFoundHint'))));
      return frag;
    }
    frag.appendChild(h('p', { class: 'result-summary' }, t('foundSummary', findings.length, notes.length, body.lines || 1)));
    for (const f of findings) {
      frag.appendChild(renderFinding(f, false, lines));
    }
    for (const n of notes) {
      frag.appendChild(renderNote(n, lines));
    }
    return frag;
  }

  function fact(label, ...content) {
    return h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, ...content));
  }

  /** The whole input line a match came from, with the match marked; null when the match is the whole line. */
  function lineContext(lines, lineNo, matchedText) {
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

  function renderFinding(f, fromBytes, lines) {
    const assigned = f.assigned !== false;
    const dir = f.direction || 'unknown';
    const levelText = f.level ? tOr('level_' + f.level, f.level) + (f.levelStated === false ? ' (' + t('usualLevel') + ')' : '') : null;
    const title = h('h3', { class: 'finding-title' },
      assigned ? navLink(alertPath(f), { class: 'alert-name' }, f.name) : h('span', { class: 'alert-name' }, f.name || t('unassigned')),
      ' ', h('span', { class: 'finding-code' }, '(' + f.code + ')'));
    const head = h('header', { class: 'finding-head' }, title,
      h('div', { class: 'badges' },
        levelText ? h('span', { class: 'badge level-' + cssToken(f.level) }, levelText) : null));
    const dirText = fromBytes && dir === 'unknown' ? t('dir_bytes') : tOr('dir_' + dir, dir);

    const who = fact(t('whoSent'),
      h('p', { class: 'who-line' },
        h('span', { class: 'badge dir-' + cssToken(dir) }, dirText),
        f.stack && f.stack !== 'unknown' ? [' · ', h('span', { class: 'stack' }, f.stackName || f.stack)] : null,
        f.evidence ? [' · ', h('span', { class: 'evidence' }, fromBytes ? t('ev_decode') : tOr('ev_' + f.evidence, f.evidence))] : null),
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

  function renderNote(n, lines) {
    return h('article', { class: 'finding note' },
      h('header', { class: 'finding-head' }, h('h3', { class: 'finding-title' }, t('noteHeading')),
        h('div', { class: 'badges' }, n.stack ? h('span', { class: 'badge neutral' }, n.stack) : null)),
      h('dl', { class: 'facts' },
        fact(t('matched'), h('p', null, h('code', { class: 'matched' }, n.text || ''),
          typeof n.line === 'number' ? h('span', { class: 'where' }, ' ' + t('lineN', n.line)) : null),
          lineContext(lines, n.line, n.text)),
        n.why ? fact(t('why'), para(n.why)) : null));
  }

  function renderDecode(body) {
    const frag = document.createDocumentFragment();
    const alerts = body.alerts || [];
    const records = body.records || [];
    frag.appendChild(h('p', { class: 'result-summary' }, t('decodedSummary', body.length || 0, records.length, alerts.length)));
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
      frag.appendChild(h('details', { class: 'tree-wrap' }, h('summary', null, t('recordTree', records.length)),
        tree(records, 0)));
    }
    return frag;
  }

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

  // ---------------------------------------------------------------------------------------------------------------
  // The paste box in the URL hash
  // ---------------------------------------------------------------------------------------------------------------
  function hashText() {
    const m = /^#text=(.*)$/s.exec(location.hash);
    if (!m) {
      return null;
    }
    try {
      return decodeURIComponent(m[1]);
    } catch (e) {
      return null;
    }
  }

  function updateHash(text) {
    if (currentRoute().view !== 'home') {
      return;
    }
    const base = location.pathname + location.search;
    const url = text.trim() && text.length <= MAX_HASH_TEXT ? base + '#text=' + encodeURIComponent(text) : base;
    if (url !== location.pathname + location.search + location.hash) {
      history.replaceState(history.state, '', url);
    }
  }

  async function share() {
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

  // ---------------------------------------------------------------------------------------------------------------
  // Routing: / and /alerts show the page, /alerts/<code or name> one alert
  // ---------------------------------------------------------------------------------------------------------------
  function currentRoute() {
    const p = location.pathname;
    if (p.startsWith('/alerts/') && p.length > '/alerts/'.length) {
      let key = p.slice('/alerts/'.length).replace(/\/+$/, '');
      try {
        key = decodeURIComponent(key);
      } catch (e) {
        // a malformed escape: look the raw text up, the server answers 404
      }
      return { view: 'detail', key };
    }
    return { view: 'home', list: p === '/alerts' || p === '/alerts/' };
  }

  function navigate(href) {
    const url = new URL(href, location.href);
    if (url.origin !== location.origin) {
      location.href = href;
      return;
    }
    if (url.pathname + url.search + url.hash === location.pathname + location.search + location.hash) {
      return;
    }
    history.pushState({}, '', url.pathname + url.search + url.hash);
    renderRoute(true);
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

  async function loadDetail(key, moveFocus) {
    const box = $('detail');
    const seq = ++state.detailSeq;
    box.setAttribute('aria-busy', 'true');
    if (!box.firstChild) {
      box.replaceChildren(h('p', { class: 'status' }, t('loading')));
    }
    try {
      const body = await api('/api/alerts/' + encodeURIComponent(key));
      if (seq !== state.detailSeq) {
        return;
      }
      const list = await loadAlerts(state.lang).catch(() => null);
      if (seq !== state.detailSeq) {
        return;
      }
      box.replaceChildren(renderDetail(body.alert, list));
      document.title = body.alert.name + ' (' + body.alert.code + ') — tlsalert';
    } catch (e) {
      if (seq !== state.detailSeq) {
        return;
      }
      const list = await loadAlerts(state.lang).catch(() => null);
      box.replaceChildren(renderDetailError(key, e, list));
      document.title = t('notFoundHeading') + ' — tlsalert';
    } finally {
      if (seq === state.detailSeq) {
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
      h('div', { class: 'badges' }, ruleBadge(a), tls13Badge(a), a.dtlsOk ? h('span', { class: 'badge neutral' }, t('dtlsOk')) : null),
      h('p', { class: 'lead' }, rich(a.summary))));
    const meaning = section(t('meaning'), para(a.meaning));
    meaning.classList.add('span-2');
    const grid = h('div', { class: 'detail-grid' },
      meaning,
      section(t('ifReceived'), para(a.ifReceived)),
      section(t('ifSent'), para(a.ifSent)),
      section(t('levelHeading'), para(a.levelRuleText)),
      section(t('tls13Heading'), para(a.tls13Text)));
    frag.appendChild(grid);
    if (a.causes && a.causes.length) {
      frag.appendChild(h('section', { class: 'detail-section detail-causes' },
        h('h3', null, t('commonCauses')), causeList(a.causes, 'h4', false)));
    }
    const refs = referenceList(a.references);
    if (refs) {
      frag.appendChild(section(t('references'), refs));
    }
    if (list) {
      const i = list.findIndex((x) => x.code === a.code);
      const prev = i > 0 ? list[i - 1] : null;
      const next = i >= 0 && i < list.length - 1 ? list[i + 1] : null;
      frag.appendChild(h('nav', { class: 'pager', 'aria-label': t('prev') + ' / ' + t('next') },
        prev ? navLink(alertPath(prev), { class: 'pager-prev', rel: 'prev' }, '← ', h('span', { class: 'visually-hidden' }, t('prev') + ': '), prev.code + ' ' + prev.name) : h('span'),
        next ? navLink(alertPath(next), { class: 'pager-next', rel: 'next' }, h('span', { class: 'visually-hidden' }, t('next') + ': '), next.code + ' ' + next.name, ' →') : h('span')));
    }
    return frag;
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

  // ---------------------------------------------------------------------------------------------------------------
  // Language
  // ---------------------------------------------------------------------------------------------------------------
  function initialLang() {
    try {
      const saved = localStorage.getItem(LANG_KEY);
      if (saved === 'en' || saved === 'zh') {
        return saved;
      }
    } catch (e) {
      // storage blocked: fall through
    }
    const prefs = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language || 'en'];
    for (const l of prefs) {
      const x = String(l).toLowerCase();
      if (x.startsWith('zh')) {
        return 'zh';
      }
      if (x.startsWith('en')) {
        return 'en';
      }
    }
    return 'en';
  }

  function applyStaticStrings() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    for (const e of document.querySelectorAll('[data-i18n]')) {
      e.textContent = t(e.getAttribute('data-i18n'));
    }
    for (const b of document.querySelectorAll('.lang-btn')) {
      b.setAttribute('aria-pressed', b.dataset.lang === state.lang ? 'true' : 'false');
    }
    if (currentRoute().view === 'home') {
      document.title = t('title');
    }
    const status = $('share-status');
    if (status) {
      status.textContent = '';
    }
  }

  async function showList() {
    const lang = state.lang;
    $('list-status').textContent = state.list ? '' : t('loading');
    try {
      const list = await loadAlerts(lang);
      if (lang !== state.lang) {
        return;
      }
      state.list = list;
      renderTable(list);
      $('list-status').textContent = '';
      $('alerts-table').dataset.ready = 'true';
      $('alerts-table').dataset.lang = lang;
    } catch (e) {
      if (lang === state.lang) {
        $('list-status').textContent = t('alertsLoadError') + ' ' + (e.message || '');
      }
    }
  }

  function setLang(lang) {
    if (lang !== 'en' && lang !== 'zh') {
      return;
    }
    const changed = lang !== state.lang;
    state.lang = lang;
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch (e) {
      // not remembered: fine
    }
    applyStaticStrings();
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

  // ---------------------------------------------------------------------------------------------------------------
  // Start
  // ---------------------------------------------------------------------------------------------------------------
  function start() {
    state.lang = initialLang();
    applyStaticStrings();

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

    // In-page links: plain left clicks move through history; modified clicks open as usual.
    document.querySelector('.skip-link').addEventListener('click', (ev) => {
      ev.preventDefault();
      $('main').focus();
    });
    document.addEventListener('click', (ev) => {
      const a = ev.target instanceof Element ? ev.target.closest('a[data-nav]') : null;
      if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) {
        return;
      }
      ev.preventDefault();
      navigate(a.getAttribute('href'));
    });
    window.addEventListener('popstate', () => renderRoute(false));
    window.addEventListener('hashchange', () => renderRoute(false));

    showList();
    renderRoute(false);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
