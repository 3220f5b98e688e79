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
