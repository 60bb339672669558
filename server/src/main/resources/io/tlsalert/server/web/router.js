// Routing and deep links: / and /alerts show the page, /alerts/<code or name> one alert; the paste box's text rides
// in the hash (#text=...) so a link opens the same explanation. Links marked data-nav move through history in place.

export const MAX_HASH_TEXT = 4000;

let render = () => {};

/** What to do when the route changes: render(moveFocus). */
export function onRoute(fn) {
  render = fn;
}

export function currentRoute() {
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

export function navigate(href) {
  const url = new URL(href, location.href);
  if (url.origin !== location.origin) {
    location.href = href;
    return;
  }
  if (url.pathname + url.search + url.hash === location.pathname + location.search + location.hash) {
    return;
  }
  history.pushState({}, '', url.pathname + url.search + url.hash);
  render(true);
}

/** The text of a #text= link; null when there is none. */
export function hashText() {
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

/** Puts the text into the address (home view only, short texts only), without a history entry. */
export function updateHash(text) {
  if (currentRoute().view !== 'home') {
    return;
  }
  const base = location.pathname + location.search;
  const url = text.trim() && text.length <= MAX_HASH_TEXT ? base + '#text=' + encodeURIComponent(text) : base;
  if (url !== location.pathname + location.search + location.hash) {
    history.replaceState(history.state, '', url);
  }
}

/** Plain left clicks on data-nav links, back/forward and hash changes re-render in place. */
export function startRouting() {
  document.addEventListener('click', (ev) => {
    const a = ev.target instanceof Element ? ev.target.closest('a[data-nav]') : null;
    if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) {
      return;
    }
    ev.preventDefault();
    navigate(a.getAttribute('href'));
  });
  window.addEventListener('popstate', () => render(false));
  window.addEventListener('hashchange', () => render(false));
}
