// The `window.external` object Excel on Windows gives an add-in's webview. Installed before
// office.js loads, it makes office.js load its Win32 Excel host script and send every
// `context.sync()` here (Execute, dispId 93), where the engine answers it.
import { CURRENT_EXCEL_API } from './api-levels.js';
import type { Engine } from './engine.js';

/**
 * Requirement sets the simulated Excel reports, e.g. `{ ExcelApi: '1.9' }` for an old Excel.
 * Write levels past 1.9 as strings: the number 1.20 is 1.2.
 */
export type SupportedSets = Record<string, number | string>;

export interface TransportOptions {
  /**
   * What `Office.context.requirements.isSetSupported` answers from. Default: the current level
   * (`{ ExcelApi: '1.20' }`), as Microsoft 365 reports it, even though the pinned client library
   * implements only up to 1.15 (as in real Excel running a self-hosted, older office.js).
   */
  supported?: SupportedSets;
  /** UI and data locale reported to office.js; default `zh-CN`. */
  locale?: string;
  /** Document settings (`Office.context.document.settings`) present at start. */
  settings?: Record<string, string>;
  /** Names this client's requests in the recorder (co-authoring: several clients, one workbook). */
  client?: string;
}

/** Host calls other than Excel requests, for tests to inspect. */
export interface TransportLog {
  events: { id: number; targetId: string; registered: boolean }[];
  /** Execute calls with a dispId the host does not serve. */
  unknownCalls: number[];
  settings: Map<string, string>;
}

/** The dispId of Office's "execute rich API request" (every Excel.run sync). */
export const DISPID_EXECUTE_RICH_API = 93;

type Callback = (result: unknown) => void;

/**
 * Installs `window.external` playing Excel (Win32, 16.01) in front of `engine`.
 * @example installTransport(window, engine, { supported: { ExcelApi: 1.9 } })
 */
export function installTransport(win: Window, engine: Engine, options: TransportOptions = {}): TransportLog {
  const locale = options.locale ?? 'zh-CN';
  const supported = JSON.stringify(Object.fromEntries(Object.entries({ ExcelApi: CURRENT_EXCEL_API, ...options.supported }).map(([k, v]) => [k, String(v)])));
  const log: TransportLog = { events: [], unknownCalls: [], settings: new Map(Object.entries(options.settings ?? {})) };
  const settings = {
    Read(keys: string[], values: string[]): void {
      for (const [k, v] of log.settings) {
        keys.push(k);
        values.push(v);
      }
    },
    Write(keys: string[], values: string[]): void {
      log.settings.clear();
      keys.forEach((k, i) => log.settings.set(k, values[i] ?? ''));
    },
  };
  const context = {
    GetAppType: () => 1,
    GetSolutionRef: () => '',
    GetAppVersionMajor: () => 16,
    GetAppVersionMinor: () => 1,
    GetAppUILocale: () => locale,
    GetAppDataLocale: () => locale,
    GetDocUrl: () => '',
    GetAppCapabilities: () => 0,
    GetActivationMode: () => 0,
    GetControlIntegrationLevel: () => 0,
    GetSolutionToken: () => '',
    GetCorrelationId: () => '',
    GetInstanceId: () => 'simulated-excel',
    GetHostFullVersion: () => '16.0.17928.20114',
    GetSettings: () => settings,
    GetSupportedMatrix: () => supported,
  };
  const external = {
    GetHostInfo: () => `Excel$Win32$16.01$${locale}$$$$0`,
    GetContext: () => context,
    RegisterEvent(id: number, targetId: string, _handler: unknown, cb: Callback): void {
      log.events.push({ id, targetId, registered: true });
      cb(0);
    },
    UnregisterEvent(id: number, targetId: string, cb: Callback): void {
      log.events.push({ id, targetId, registered: false });
      cb(0);
    },
    Execute(dispId: number, params: unknown[], cb: Callback): void {
      if (dispId !== DISPID_EXECUTE_RICH_API) {
        log.unknownCalls.push(dispId);
        setTimeout(() => cb(5001), 0);
        return;
      }
      const body = (params[0] as unknown[])[4] as string;
      let answer: ReturnType<Engine['process']>;
      try {
        const before = engine.recorder.requests.length;
        answer = engine.process(body);
        if (options.client) for (const r of engine.recorder.requests.slice(before)) r.client = options.client;
      } catch (e) {
        engine.recorder.gaps.push({ sync: engine.recorder.syncCount, what: 'host failure', message: String(e instanceof Error ? e.stack : e) });
        answer = { ok: false, hostErrorCode: 5001 };
      }
      setTimeout(() => {
        if (answer.ok) {
          const text = answer.body;
          cb({ toArray: () => [0, [200, [], text]] });
        } else cb(answer.hostErrorCode);
      }, 0);
    },
  };
  Object.defineProperty(win, 'external', { value: external, configurable: true, writable: true });
  return log;
}
