import type { Lang } from './i18n.js';

/** What a person sets in the task pane. Kept in the add-in's own storage, never in the workbook. */
export interface Settings {
  serverUrl: string;
  unit: string;
  token: string;
  lang: Lang;
}

const KEY = 'ledger-check.settings';
const DEFAULTS: Settings = { serverUrl: '', unit: '', token: '', lang: 'zh' };

/** The add-in's storage: localStorage of its own origin (shared by the task pane and the commands). */
export function loadSettings(storage: Pick<Storage, 'getItem'> = localStorage): Settings {
  try {
    const raw = JSON.parse(storage.getItem(KEY) ?? '{}') as Partial<Settings>;
    return {
      serverUrl: typeof raw.serverUrl === 'string' ? raw.serverUrl : '',
      unit: typeof raw.unit === 'string' ? raw.unit : '',
      token: typeof raw.token === 'string' ? raw.token : '',
      lang: raw.lang === 'en' ? 'en' : 'zh',
    };
  } catch {
    return { ...DEFAULTS };
  }
}

export function saveSettings(settings: Settings, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, JSON.stringify(settings));
}

/**
 * The server address as typed, made into the base the client asks (`https://host[:port][/path]`),
 * or what is wrong with it, Chinese first. An address without a scheme gets https://; the API's
 * path or a page's pasted along (…/api/v1, …/dashboard) is dropped, since the client adds /api/v1
 * itself. Plain http is refused except for this computer (the dev server): the pane is an https
 * page, and its browser blocks http requests from it (mixed content), which would read as a
 * server that cannot be reached.
 * @example serverAddress('ledger.example.gov.cn/api/v1') // { url: 'https://ledger.example.gov.cn' }
 */
export function serverAddress(typed: string): { url: string } | { problem: string } {
  const text = typed.trim();
  if (!text) return { url: '' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { problem: `服务器地址“${text}”不是网址，请写成 https://ledger.example.gov.cn 这样 (not a web address)` };
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol === 'http:' && !local) return { problem: `服务器地址须以 https:// 开头：加载项是 https 页面，浏览器会拦截 http 请求 (the server address must be https)` };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: `服务器地址须以 https:// 开头 (the server address must be https)` };
  // A path the county's proxy serves the server under stays (https://gov.cn/ledger); the API's own
  // path, a page's, and trailing slashes pasted along go.
  const path = url.pathname.replace(/\/api(\/.*)?$/, '').replace(/\/(dashboard|reports\/bulletin|[^/]+\.html)$/, '').replace(/\/+$/, '');
  return { url: url.origin + path };
}
