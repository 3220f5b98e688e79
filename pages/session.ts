import { tokenOf } from '../shared/token-text.js';

/**
 * The county token for this tab only (sessionStorage: gone when the tab closes, never shared with
 * other tabs or written to disk as localStorage would be), and API calls made with it.
 */
const KEY = 'ledger-check.county-token';

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  set: (token: string) => sessionStorage.setItem(KEY, token),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiFailure extends Error {
  constructor(readonly status: number, message: string, readonly code?: string) {
    super(message);
  }
}

export async function apiFetch(path: string, token = session.token()): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    // The browser's own words ("Failed to fetch") say nothing to the office.
    throw new ApiFailure(0, '无法连接服务器（网络不通或服务器未启动）');
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string; code?: string } } | null;
    throw new ApiFailure(res.status, body?.error?.message ?? `服务器出错（HTTP ${res.status}），请稍后重试`, body?.error?.code);
  }
  return res;
}

export async function apiJson<T>(path: string): Promise<T> {
  return (await apiFetch(path)).json() as Promise<T>;
}

/** Downloads a file the API makes (a letter, the bulletin) with the token, under its own name. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await apiFetch(path);
  const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/**
 * Shows the sign-in form until a county token is accepted (checked with GET /api/v1/me), then
 * calls `ready`. A unit token is refused here: these pages are the county office's.
 */
export function signIn(form: HTMLFormElement, ready: () => void): void {
  const status = form.querySelector<HTMLElement>('.status')!;
  const show = (signedIn: boolean) => {
    form.hidden = signedIn;
    document.body.classList.toggle('signed-in', signedIn);
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = tokenOf((form.elements.namedItem('token') as HTMLInputElement).value);
    status.textContent = '正在验证…';
    try {
      const me = (await (await apiFetch('/api/v1/me', token)).json()) as { role?: string };
      if (me.role !== 'county') throw new ApiFailure(403, '请使用县委巡察办的访问令牌（单位令牌不能查看全县情况）');
      session.set(token);
      status.textContent = '';
      show(true);
      ready();
    } catch (err) {
      // A token that is no token is said as the form's person reads it (the server speaks of the
      // Authorization header); a revoked or expired one keeps the server's words.
      const invalid = err instanceof ApiFailure && err.code === 'invalid-token';
      status.textContent = `登录失败：${invalid ? '令牌无效，请核对县委巡察办发放的令牌是否复制完整（以 lc_ 开头）' : (err as Error).message}`;
    }
  });
  show(!!session.token());
  if (session.token()) ready();
}

/**
 * Back to the sign-in form, saying why (a token revoked or expired while the page was open): the
 * form's own handler signs in again. A page retrying a dead token every minute showed its figures
 * of before with no way on but 退出.
 */
export function askToSignIn(form: HTMLFormElement, why: string): void {
  session.clear();
  form.hidden = false;
  document.body.classList.toggle('signed-in', false);
  form.querySelector<HTMLElement>('.status')!.textContent = `请重新登录：${why}`;
}
