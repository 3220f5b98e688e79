// Interprets the body of each ProcessQuery request the real client library sends: runs its
// actions in order against the workbook model, answers in Excel's wire format (PascalCase,
// `_Items`, `_ReferenceId`, `Error` with the action index), enforces the payload limits, and
// records every request and every host gap.
import { apiLevel, apiMinor } from './api-levels.js';
import { API_SETS } from './api-sets.js';
import { refuseOnProtectedSheet } from './protection.js';
import { WORKBOOK } from './api/workbook-api.js';
import { ApiRef, ref, type ApiCtx } from './api/types.js';
import { ExcelError, NotModelledError } from './errors.js';
import { PathResolver, ReferenceStore, type ArgumentInfo, type ObjectPathInfo } from './paths.js';
import { QueryBuilder, type QueryInfo } from './query.js';
import { Recorder } from './recorder.js';
import type { WorkbookModel } from './workbook.js';

export interface ActionInfo {
  Id: number;
  ActionType: number;
  Name: string;
  ObjectPathId: number;
  ArgumentInfo?: ArgumentInfo;
  QueryInfo?: QueryInfo;
  ObjectState?: Record<string, unknown>;
}

export interface RequestBody {
  Actions?: ActionInfo[];
  ObjectPaths?: Record<string, ObjectPathInfo>;
}

export interface EngineLimits {
  /** Largest request body in bytes (Excel on the web: 5 MB). */
  requestBytes: number;
  /** Largest response body in bytes. */
  responseBytes: number;
}

/** Members newer than the pinned client library (it cannot send them; newer libraries do). */
const NEWER_API_SETS: ReadonlyMap<string, string> = new Map([
  ['Workbook.notes', '1.18'],
  ['Worksheet.notes', '1.18'],
]);


export const EXCEL_WEB_LIMITS: EngineLimits = { requestBytes: 5 * 1024 * 1024, responseBytes: 5 * 1024 * 1024 };

/** What the transport hands back: a body, or one of the host's error codes (5103/5104). */
export type EngineAnswer = { ok: true; body: string } | { ok: false; hostErrorCode: number };

/** The client maps these host codes to RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded. */
export const HOST_ERROR = { requestTooLarge: 5103, responseTooLarge: 5104 } as const;

class ResponseTooLarge extends Error {}

/** Marks actions that add nothing to `Results` (property sets, `_KeepReference`). */
const NO_RESULT = Symbol('no result');

const STATUS: Record<string, number> = { InvalidOperationInCellEditMode: 400, ApiNotFound: 404, InvalidArgument: 400, InvalidReference: 400, InvalidOperation: 400, InvalidObjectPath: 400, ItemNotFound: 404, ItemAlreadyExists: 409, AccessDenied: 403, NotImplemented: 501, GeneralException: 500 };
// Excel's own words for it (office.js's L_InvalidOperationInCellEditMode).
const CELL_EDIT = {
  code: 'InvalidOperationInCellEditMode',
  message: 'Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.',
};
const camel = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/**
 * The request engine of the simulated host.
 * @example const engine = new Engine(WorkbookModel.blank()); engine.process(bodyText)
 */
export class Engine {
  readonly recorder = new Recorder();
  readonly refs = new ReferenceStore();
  limits: EngineLimits;
  private sync = 0;

  /** The ExcelApi version the simulated Excel implements (its requirement-set answer). */
  excelApi: string;

  constructor(
    public workbook: WorkbookModel,
    limits: Partial<EngineLimits> = {},
    excelApi?: string | number,
  ) {
    this.limits = { ...EXCEL_WEB_LIMITS, ...limits };
    this.excelApi = apiLevel(excelApi);
  }

  /** Injected failures: sync number (1-based, as the recorder counts) → the error it answers. */
  readonly faults = new Map<number, { code: string; message: string }>();

  /**
   * A person typing in a cell (cell-edit mode): Excel refuses every request of an add-in whole with
   * InvalidOperationInCellEditMode until the edit ends. `syncs`: the edit ends after that many
   * refusals (the person presses Enter meanwhile); absent, it lasts until editCell(null).
   */
  private editing: { address: string; syncs?: number } | null = null;

  /**
   * Starts (an address) or ends (null) a cell edit.
   * @example engine.editCell('C5', 2) // the next two syncs are refused, then the edit ends
   */
  editCell(address: string | null, syncs?: number): void {
    this.editing = address === null ? null : { address, ...(syncs === undefined ? {} : { syncs }) };
  }

  /**
   * Makes the `n`th sync from now fail whole: Excel answers it with `code` and applies none of
   * its actions (as when a request is refused before it runs: a lost connection, a busy host).
   * @example engine.failSync(2) // the second sync from now is refused
   */
  failSync(n: number, code = 'GeneralException', message = 'An internal error has occurred.'): void {
    this.faults.set(this.recorder.syncCount + n, { code, message });
  }

  private requires(member: string): void {
    const needed = API_SETS.get(member) ?? NEWER_API_SETS.get(member);
    if (needed && apiMinor(needed) > apiMinor(this.excelApi))
      throw new ExcelError('ApiNotFound', `The API you are trying to use could not be found. It may be available in a newer version of Excel. (${member} needs ExcelApi ${needed}; this Excel has ${this.excelApi}.)`);
  }

  /** Answers one ProcessQuery body. */
  process(bodyText: string): EngineAnswer {
    const requestBytes = byteLength(bodyText);
    const body = JSON.parse(bodyText) as RequestBody;
    const paths = body.ObjectPaths ?? {};
    const actions = body.Actions ?? [];
    // office.js's own requests: start-up (AddinInternalService) and telemetry it sends after big
    // writes. Neither touches the workbook; a request that also reaches the workbook is not one.
    const internal =
      Object.values(paths).some((p) => p.ObjectPathType === 2 && /AddinInternalService|Microsoft\.Telemetry\./.test(p.Name)) &&
      !Object.values(paths).some((p) => p.ObjectPathType === 1);
    const cleanup = !internal && actions.some((a) => a.Name === '_RemoveReference') && actions.every((a) => a.ActionType === 1 || a.Name === '_RemoveReference');
    const kind = internal ? 'internal' : cleanup ? 'cleanup' : 'sync';
    const sync = kind === 'sync' ? this.recorder.nextSync() : 0;
    this.sync = sync;
    const record = { kind, sync, requestBytes, responseBytes: 0, actions: actions.length, ...(this.recorder.keepBodies ? { body: bodyText } : {}) } as const;
    if (internal) {
      const text = JSON.stringify({ Results: [] });
      this.recorder.requests.push({ ...record, responseBytes: byteLength(text), outcome: 'ok' });
      return { ok: true, body: text };
    }
    if (requestBytes > this.limits.requestBytes) {
      this.recorder.requests.push({ ...record, outcome: 'request-too-large' });
      return { ok: false, hostErrorCode: HOST_ERROR.requestTooLarge };
    }
    const editing = kind === 'sync' ? this.editing : null;
    if (editing && editing.syncs !== undefined && --editing.syncs <= 0) this.editing = null;
    const fault = kind === 'sync' ? (editing ? CELL_EDIT : this.faults.get(sync)) : undefined;
    if (fault) {
      this.faults.delete(sync);
      const text = JSON.stringify({ Results: [], TraceIds: [], Error: { Code: fault.code, Message: fault.message, Location: '', ActionIndex: 0, HttpStatusCode: STATUS[fault.code] ?? 500 } });
      this.recorder.requests.push({ ...record, responseBytes: byteLength(text), outcome: 'error', error: { code: fault.code, message: fault.message, location: 'injected' } });
      return { ok: true, body: text };
    }
    let response: Record<string, unknown>;
    try {
      response = this.run(paths, actions);
    } catch (e) {
      if (!(e instanceof ResponseTooLarge)) throw e;
      this.recorder.requests.push({ ...record, outcome: 'response-too-large' });
      return { ok: false, hostErrorCode: HOST_ERROR.responseTooLarge };
    }
    const text = JSON.stringify(response);
    const responseBytes = byteLength(text);
    if (responseBytes > this.limits.responseBytes) {
      this.recorder.requests.push({ ...record, responseBytes, outcome: 'response-too-large' });
      return { ok: false, hostErrorCode: HOST_ERROR.responseTooLarge };
    }
    const error = response.Error as { Code: string; Message: string; Location: string } | undefined;
    this.recorder.requests.push(error ? { ...record, responseBytes, outcome: 'error', error: { code: error.Code, message: error.Message, location: error.Location } } : { ...record, responseBytes, outcome: 'ok' });
    return { ok: true, body: text };
  }

  private gap(what: string, message: string): void {
    this.recorder.gaps.push({ sync: this.sync, what, message });
  }

  private run(paths: Record<string, ObjectPathInfo>, actions: ActionInfo[]): Record<string, unknown> {
    const ctx: ApiCtx = {
      wb: this.workbook,
      budgetCells: (cells) => {
        if (cells * 3 > this.limits.responseBytes) throw new ResponseTooLarge();
      },
      requires: (member) => this.requires(member),
    };
    this.workbook.onGap = (what) => this.gap(what, `[simulated Excel] ${what} is not modelled by the simulated host`);
    const resolver = new PathResolver(paths, this.refs, ref(WORKBOOK, this.workbook), ctx);
    const results: { ActionId: number; Value: unknown }[] = [];
    const traces: number[] = [];
    for (const [index, action] of actions.entries()) {
      try {
        const value = this.action(action, resolver, ctx, paths, traces);
        if (value !== NO_RESULT) results.push({ ActionId: action.Id, Value: value });
      } catch (e) {
        if (e instanceof ResponseTooLarge) throw e;
        const where = action.ObjectPathId ? resolver.describe(action.ObjectPathId) : 'request';
        let code: string;
        let message: string;
        let location = where;
        if (e instanceof NotModelledError) {
          code = 'NotImplemented';
          message = `${e.message} (at ${where})`;
          this.gap(e.what, message);
        } else if (e instanceof ExcelError) {
          code = e.code;
          message = e.message;
          location = `${where}${action.Name && action.ActionType !== 1 && action.ActionType !== 2 ? `.${camel(action.Name)}` : ''}`;
        } else {
          code = 'GeneralException';
          message = `[simulated Excel] host failure at ${where}: ${e instanceof Error ? e.message : String(e)}`;
          this.gap('host failure', message);
        }
        return { Results: results, TraceIds: traces, Error: { Code: code, Message: message, Location: location, ActionIndex: index, HttpStatusCode: STATUS[code] ?? 400 } };
      }
    }
    return { Results: results, TraceIds: traces };
  }

  private action(a: ActionInfo, resolver: PathResolver, ctx: ApiCtx, paths: Record<string, ObjectPathInfo>, traces: number[]): unknown {
    switch (a.ActionType) {
      case 1: {
        const r = resolver.resolve(a.ObjectPathId);
        if (r.isNull) return null;
        const type = paths[String(a.ObjectPathId)]?.ObjectPathType;
        return type === 3 || type === 5 ? { _ReferenceId: this.refs.add(r) } : {};
      }
      case 2:
      case 7: {
        const r = resolver.resolve(a.ObjectPathId);
        return new QueryBuilder(ctx, this.refs, a.ActionType === 2 ? 'load' : 'json').build(r, a.QueryInfo ?? {});
      }
      case 3:
        return this.method(a, resolver, ctx);
      case 4: {
        const r = resolver.resolve(a.ObjectPathId);
        if (!r.isNull) this.setProperty(r, a.Name, a.ArgumentInfo?.Arguments?.[0], ctx);
        return NO_RESULT;
      }
      case 5:
        traces.push(a.Id);
        return null;
      case 8: {
        const r = resolver.resolve(a.ObjectPathId);
        for (const [k, v] of Object.entries(a.ObjectState ?? {})) {
          const current = r.isNull ? null : r.cls.props?.[k.charAt(0).toUpperCase() + k.slice(1)]?.get?.(r.target, ctx);
          if (JSON.stringify(current) !== JSON.stringify(v)) throw new ExcelError('InvalidOperation', `The property ${k} has changed.`);
        }
        return NO_RESULT;
      }
      case 9: {
        const r = resolver.resolve(a.ObjectPathId);
        if (!r.isNull) this.update(r, a.ObjectState ?? {}, ctx);
        return NO_RESULT;
      }
      default:
        throw new NotModelledError(`action type ${a.ActionType}`);
    }
  }

  private method(a: ActionInfo, resolver: PathResolver, ctx: ApiCtx): unknown {
    const r = resolver.resolve(a.ObjectPathId);
    if (a.Name === '_KeepReference') return NO_RESULT;
    if (a.Name === '_RemoveReference') {
      for (const id of a.ArgumentInfo?.Arguments ?? []) if (typeof id === 'string') this.refs.remove(id);
      return NO_RESULT;
    }
    if (r.isNull) return null;
    ctx.requires(`${r.cls.name}.${camel(a.Name)}`);
    refuseOnProtectedSheet(r, a.Name, 'method');
    const m = r.cls.methods?.[a.Name];
    if (!m) throw new NotModelledError(`${r.cls.name}.${camel(a.Name)}()`);
    const out = m(r.target, resolver.args(a.ArgumentInfo), ctx);
    return out instanceof ApiRef || out === undefined ? null : out;
  }

  private setProperty(r: ApiRef, name: string, value: unknown, ctx: ApiCtx): void {
    ctx.requires(`${r.cls.name}.${camel(name)}`);
    refuseOnProtectedSheet(r, name, 'property');
    const prop = r.cls.props?.[name];
    if (!prop) throw new NotModelledError(`${r.cls.name}.${camel(name)}`);
    if (!prop.set) throw new ExcelError('InvalidArgument', `The property ${camel(name)} of ${r.cls.name} is read-only.`);
    prop.set(r.target, value, ctx);
  }

  /** `object.set({...})` sent as one Update action: scalars set in turn, navigations recursed. */
  private update(r: ApiRef, state: Record<string, unknown>, ctx: ApiCtx): void {
    for (const [k, v] of Object.entries(state)) {
      const name = k.charAt(0).toUpperCase() + k.slice(1);
      const nav = r.cls.navs?.[name];
      if (nav && v && typeof v === 'object' && !Array.isArray(v)) this.update(nav(r.target, ctx), v as Record<string, unknown>, ctx);
      else this.setProperty(r, name, v, ctx);
    }
  }
}

