// The API client: JSON in, JSON out, errors as ApiError with the server's message.
import { lang, t } from './i18n.js';

export class ApiError extends Error {
  constructor(message, status, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** GET or POST a path of the API in a language (the current one by default); rejects with ApiError. */
export async function api(path, options, l) {
  const url = path + (path.includes('?') ? '&' : '?') + 'lang=' + encodeURIComponent(l || lang());
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

/** POST a JSON body. */
export function postJson(path, body, signal, l) {
  return api(path, {
    method: 'POST', signal,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  }, l);
}

const alertLists = {}; // lang -> Promise<alert[]>

/** The whole registry in a language, fetched once. */
export function loadAlerts(l) {
  if (!alertLists[l]) {
    alertLists[l] = api('/api/alerts', null, l).then((b) => b.alerts, (e) => {
      delete alertLists[l];
      throw e;
    });
  }
  return alertLists[l];
}
