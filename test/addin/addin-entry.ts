// The add-in's code as a browser bundle for the host page: what the ribbon and task pane call.
import { checkActiveSheet, clearActiveSheet } from '../../addin/excel/check-sheet.js';
import { readActiveSheet } from '../../addin/excel/read-sheet.js';
import { campaignOrDefault, checkWorkbooks, type Grid } from '../../shared/index.js';
import { failureText, outcomeText } from '../../addin/outcome.js';
import { runExcel, runExcelAsking } from '../../addin/excel/run.js';
import { CountyClient } from '../../addin/server/client.js';
import { requestExtensionForSelection } from '../../addin/server/extension-request.js';
import { pullReviewStatus, submitActiveSheet } from '../../addin/server/submit.js';
import { attachEvidenceToSelection } from '../../addin/chase/evidence.js';
import { pullCountyView } from '../../addin/county/county-view.js';
import { writeCountySheets } from '../../addin/county/write-county.js';
import { pushDecisions } from '../../addin/county/decisions.js';

/**
 * A client whose server answers each request with a JSON body (one for all, or one per method, URL
 * and body sent), recording what was asked. Bodies go plain (no gzip), as they are recorded.
 */
function answering(body: unknown, calls: { url: string; body: string }[], route?: (method: string, url: string, sent: string) => unknown) {
  const fetch = (async (url: string, init: RequestInit) => {
    const sent = String(init.body ?? '');
    calls.push({ url, body: sent });
    return new Response(JSON.stringify(route ? route(init.method ?? 'GET', url, sent) : body), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof window.fetch;
  return new CountyClient({ baseUrl: 'https://county.test', token: 't', attempts: 1, fetch, compressFrom: Infinity });
}

/** A person typing in a cell of the simulated Excel: the edit ends after `syncs` refused, or when the test ends it. */
interface Edit {
  cell: string;
  syncs?: number;
  /** The request it starts at (its path); absent: the first one. */
  path?: string;
}

const startEdit = (edit: Edit) => void (window as unknown as { excelHost: { editCell(a: string, syncs?: number): Promise<void> } }).excelHost.editCell(edit.cell, edit.syncs);

interface PaneOptions {
  forMs?: number;
  editOnAsk?: Edit;
}

/** A job as the pane runs it (runExcelAsking) against a server answering `route`; see panePull. */
function asPane(route: (url: string, sent: string) => unknown, job: (context: Excel.RequestContext, client: CountyClient) => Promise<string>, opts: PaneOptions) {
  const calls: { url: string; body: string }[] = [];
  let waited = false;
  const client = answering(null, calls, (_m, url, sent) => {
    const edit = opts.editOnAsk;
    if (edit && (edit.path ? new URL(url).pathname === edit.path : calls.length === 1)) startEdit(edit);
    return route(url, sent);
  });
  return runExcelAsking(client, (context) => job(context, client), { everyMs: 10, forMs: opts.forMs ?? 60_000, onWait: () => (waited = true) }).then(
    (text) => ({ ok: true, text, waited, urls: calls.map((c) => c.url) }),
    (e: unknown) => ({ ok: false, text: failureText(e, 'zh'), waited, urls: calls.map((c) => c.url) }),
  );
}

/** The server's answer to a submission of `sent`: stored as version 1, with the core's report of it. */
function storedAsVersion1(sent: string) {
  const body = JSON.parse(sent) as { file: string; sheets: Grid[] };
  const report = checkWorkbooks([{ file: body.file, sheets: body.sheets }], { campaign: campaignOrDefault(), asOf: '2023-05-29' });
  const review = { state: 'pending', since: '2023-05-29', overdue: false };
  return {
    submission: { id: 's1', unit: report.units[0]?.unit ?? '', version: 1, file: body.file, source: 'json', submittedAt: '2023-05-29T01:00:00Z', submittedOn: '2023-05-29', items: report.stats.items },
    replayed: false,
    report: { ...report, sheets: report.sheets.map((sheet) => ({ ...sheet, items: sheet.items.map((i) => ({ ...i, review, version: 1 })) })) },
  };
}

const ledgerAddin = {
  check: (asOf: string) =>
    Excel.run(async (context) => {
      const outcome = await checkActiveSheet(context, { campaign: campaignOrDefault(), asOf });
      return { ...outcome, text: outcomeText(outcome.report, 'zh', outcome.mergesRead) };
    }),
  clear: () => Excel.run((context) => clearActiveSheet(context)),
  /**
   * As the ribbon runs them: the text a clerk reads, whatever happens. While a cell is being
   * edited it waits as the ribbon does, trying every `everyMs` for at most `forMs` (`waited`: told to wait).
   */
  ribbonCheck: (asOf: string, wait: { forMs?: number; everyMs?: number } = {}) => {
    let waited = false;
    return runExcel((context) => checkActiveSheet(context, { campaign: campaignOrDefault(), asOf }), { everyMs: 10, ...wait, onWait: () => (waited = true) }).then(
      (o) => ({ ok: true, text: outcomeText(o.report, 'zh', o.mergesRead), waited }),
      (e: unknown) => ({ ok: false, text: failureText(e, 'zh'), waited }),
    );
  },
  ribbonClear: () =>
    runExcel((context) => clearActiveSheet(context)).then(
      () => ({ ok: true, text: '' }),
      (e: unknown) => ({ ok: false, text: failureText(e, 'zh') }),
    ),
  readGrid: () => Excel.run(async (context) => (await readActiveSheet(context)).grid),
  /** Selects a cell, then asks for an extension of the item on its row; the server's answer is `answer`. */
  requestExtensionAt: (address: string, answer: unknown) =>
    Excel.run(async (context) => {
      context.workbook.worksheets.getActiveWorksheet().getRange(address).select();
      await context.sync();
      const calls: { url: string; body: string }[] = [];
      const out = await requestExtensionForSelection(context, answering(answer, calls), { requestedDue: '2023-07-31', reason: '需上级复核' }, { campaign: campaignOrDefault() });
      return { key: out.key, row: out.row, calls };
    }),
  /** Pull status with the server answering GET /items with `items` and GET /items/evidence-counts with `counts`. */
  pullWith: (items: unknown, counts: Record<string, number> = {}) => {
    const client = answering(null, [], (_m, url) => (url.includes('/evidence-counts') ? { counts } : items));
    return Excel.run((context) => pullReviewStatus(context, client, { campaign: campaignOrDefault() })).then((o) => o.found);
  },
  /**
   * Pull status with a server that gives at most `pageSize` items a page, whatever the limit asked
   * (as it may), honouring the offset: how many were found, and the /items URLs asked.
   */
  pullPaged: (all: { asOf: string; items: unknown[] }, pageSize: number) => {
    const calls: { url: string; body: string }[] = [];
    const client = answering(null, calls, (_m, url) => {
      if (url.includes('/evidence-counts')) return { counts: {} };
      const offset = Number(new URL(url).searchParams.get('offset') ?? 0);
      return { asOf: all.asOf, total: all.items.length, items: all.items.slice(offset, offset + pageSize) };
    });
    return Excel.run((context) => pullReviewStatus(context, client, { campaign: campaignOrDefault() })).then((o) => ({
      found: o.found,
      urls: calls.map((c) => c.url).filter((u) => !u.includes('/evidence-counts')),
    }));
  },
  /**
   * Pull status as the pane runs it (runExcelAsking, trying every 10 ms for at most `forMs`); with
   * `editOnAsk`, a person starts typing in that cell as the server is first asked (the edit ends
   * after `syncs` refused, or when the test ends it). The text the clerk reads, whether it
   * waited, and the server's URLs asked.
   */
  panePull: (items: unknown, opts: PaneOptions = {}) =>
    asPane((url) => (url.includes('/evidence-counts') ? { counts: {} } : items), (context, client) => pullReviewStatus(context, client, { campaign: campaignOrDefault() }).then((o) => `${o.found}`), opts),
  /**
   * 会诊事项 written with `rows` (事项编号 … 决定 …) under its title and header, then its decisions
   * pushed as the pane runs it (as panePull); the server takes every decision.
   */
  paneDecide: async (rows: (string | number)[][], opts: PaneOptions = {}) => {
    await Excel.run((context) => writeCountySheets(context, [{ name: '全县·会诊事项', rows: [['全县·会诊事项'], ['事项编号', '单位', '问题描述', '整改状态', '时效', '会诊状态', '会诊期限', '决定', '意见', '提交结果'], ...rows] }]));
    return asPane(() => ({}), (context, client) => pushDecisions(context, client).then((r) => r.map((x) => x.message).join('、')), opts);
  },
  /**
   * 报送 as the pane runs it (as panePull): the server stores the sheet and answers with the core's
   * report of what it was sent, as version 1; `editOnAsk` starts an edit as the ledger is posted.
   */
  paneSubmit: (opts: PaneOptions = {}) =>
    asPane(
      (url, sent) => (new URL(url).pathname === '/api/v1/submissions' ? storedAsVersion1(sent) : { counts: {} }),
      (context, client) => submitActiveSheet(context, client).then((o) => `第${o!.submission.version}版`),
      { ...opts, ...(opts.editOnAsk ? { editOnAsk: { path: '/api/v1/submissions', ...opts.editOnAsk } } : {}) },
    ),
  /** The county view as the pane runs it (as panePull), the server answering each path from `answers`. */
  paneCountyView: (answers: Record<string, unknown>, opts: PaneOptions = {}) =>
    asPane((url) => answers[new URL(url).pathname], (context, client) => pullCountyView(context, client).then((o) => o.names.join('、')), opts),
  /** Pull status as pullWith, telling the round trips to Excel it took. */
  pullSyncs: (items: unknown, counts: Record<string, number>) => {
    const client = answering(null, [], (_m, url) => (url.includes('/evidence-counts') ? { counts } : items));
    return Excel.run((context) => pullReviewStatus(context, client, { campaign: campaignOrDefault() })).then((o) => o.syncs);
  },
  /** Selects a cell and attaches a PDF to the item on its row; the server then lists `files` for that item. */
  attachAt: (address: string, files: unknown[], editOnAsk?: Edit) =>
    Excel.run(async (context) => {
      context.workbook.worksheets.getActiveWorksheet().getRange(address).select();
      await context.sync();
      const calls: { url: string; body: string }[] = [];
      const client = answering(null, calls, (method) => {
        // A person starts typing in a cell as the file goes up.
        if (editOnAsk && calls.length === 1) startEdit(editOnAsk);
        return method === 'POST' ? { ...(files[files.length - 1] as object), count: files.length } : { evidence: files };
      });
      const out = await attachEvidenceToSelection(context, client, new File(['%PDF-1.4\n'], '整改报告.pdf', { type: 'application/pdf' }), { campaign: campaignOrDefault() });
      return { key: out.key, count: out.count, shown: out.shown, urls: calls.map((c) => c.url) };
    }),
  /**
   * The county view with a unit's token: the server says so at /me and refuses the county reads
   * (403). The pane's message, the URLs asked, the sheets after, and any rejection left unhandled.
   */
  /** The county sheets written (as a county view pull writes them), or the clerk's words for why not. */
  writeCounty: () =>
    Excel.run((context) => writeCountySheets(context, [{ name: '全县·汇总', rows: [['全县·汇总（截至2023-05-29）'], ['单位', '事项']] }])).then(
      (names) => ({ ok: true, text: names.join('、') }),
      (e: unknown) => ({ ok: false, text: failureText(e, 'zh') }),
    ),
  countyViewAsUnit: () =>
    Excel.run(async (context) => {
      const unhandled: string[] = [];
      const note = (e: PromiseRejectionEvent) => unhandled.push(String(e.reason));
      window.addEventListener('unhandledrejection', note);
      const calls: { url: string; body: string }[] = [];
      const fetch = (async (url: string, init: RequestInit) => {
        calls.push({ url, body: String(init.body ?? '') });
        const me = new URL(url).pathname === '/api/v1/me';
        const body = me ? { role: 'unit', unit: '儒林镇', label: '', campaign: campaignOrDefault(), today: '2023-05-29' } : { error: { code: 'forbidden', message: 'this needs a county token' } };
        return new Response(JSON.stringify(body), { status: me ? 200 : 403, headers: { 'content-type': 'application/json' } });
      }) as typeof window.fetch;
      const client = new CountyClient({ baseUrl: 'https://county.test', token: 't', attempts: 1, fetch });
      const message = await pullCountyView(context, client).then(() => 'written', (e: unknown) => (e as Error).message);
      // Rejections are reported after a task: wait one.
      await new Promise((resolve) => setTimeout(resolve, 50));
      window.removeEventListener('unhandledrejection', note);
      const sheets = context.workbook.worksheets;
      sheets.load('items/name');
      await context.sync();
      return { message, unhandled, paths: calls.map((c) => new URL(c.url).pathname).sort(), sheets: sheets.items.map((w) => w.name) };
    }),
};
(window as unknown as { ledgerAddin: typeof ledgerAddin }).ledgerAddin = ledgerAddin;
