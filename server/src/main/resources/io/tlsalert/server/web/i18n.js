// The page's strings: the web.* keys of the same text_en/zh.properties the CLI reads, served by GET /api/texts
// without the prefix. {0}, {1}... are filled in here; a count is a plural form (count.<noun>.one/.other).

export const LANGS = ['en', 'zh'];

const loaded = {}; // lang -> Promise<{key: text}>
const texts = {}; // lang -> {key: text}, once loaded
let current = 'en';

export function lang() {
  return current;
}

/** The BCP 47 tag of a language, for <html lang> and the plural rules. */
export function tag(l) {
  return l === 'zh' ? 'zh-CN' : 'en';
}

/** Loads a language's strings (once) and makes it the current one. */
export async function useLang(l) {
  if (!loaded[l]) {
    loaded[l] = fetch('/api/texts?lang=' + encodeURIComponent(l), { headers: { Accept: 'application/json' } })
      .then((res) => {
        if (!res.ok) {
          throw new Error('HTTP ' + res.status + ' for the page texts');
        }
        return res.json();
      })
      .then((body) => {
        texts[l] = body.texts;
        return body.texts;
      }, (e) => {
        delete loaded[l];
        throw e;
      });
  }
  await loaded[l];
  current = l;
}

function fill(text, args) {
  return args.reduce((s, a, i) => s.split('{' + i + '}').join(String(a)), text);
}

function has(key) {
  return texts[current] !== undefined && texts[current][key] !== undefined;
}

/** The text of key with {0}, {1}... filled; the key itself when the text is missing (the server's tests catch that). */
export function t(key, ...args) {
  return has(key) ? fill(texts[current][key], args) : key;
}

/** t(key), or the fallback when there is no such text (a value the page does not know yet). */
export function tOr(key, fallback) {
  return has(key) ? t(key) : fallback;
}

/** "3 alerts", "1 alert", "3 个告警": count.<noun>.<plural form> with the number filled in. */
export function count(noun, n) {
  const form = new Intl.PluralRules(tag(current)).select(n);
  const key = 'count.' + noun + '.' + form;
  return has(key) ? t(key, n) : t('count.' + noun + '.other', n);
}
