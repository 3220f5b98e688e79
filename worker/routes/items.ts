import { Hono } from 'hono';
import { ItemKeysRequestSchema, ItemsQuerySchema, type BriefItem, type ItemKeysResponse, type BriefItemsResponse, type CurrentItem, type ItemHistory, type ItemsResponse } from '../../shared/schema/api.js';
import type { AppEnv, Principal } from '../env.js';
import type { Campaign, ItemReport } from '../../shared/index.js';
import { ApiError } from '../errors.js';
import { readJson, readQuery, validDate } from '../http.js';
import { keySecretFor, storedKeysFor } from '../item-keys.js';
import { itemWith, unitScope } from '../access.js';
import { knownUnit, knownWay } from './view-reads.js';
import { historyItem } from '../history-item.js';
import {
  briefItemsByIds, countItems, currentItemsByIds, currentItemStates, historyOf, historyStatements, isAfter, placeOf, placeText, unchangedItemStates,
  type ItemFacts, type ItemPlace, type ItemState, type ListedPage, type PageRemarks,
} from '../db/items.js';
import { todayPage } from '../db/items-page.js';
import { evidenceOf, evidenceStatement } from '../db/evidence.js';
import { reviewInfo } from '../review-info.js';
import { extensionsOf, extensionsStatement } from '../db/extensions.js';
import { redactDiagnostics } from '../redact.js';
import { timelinessAsOf } from '../timeliness-as-of.js';
import { asOfWay, changedItemsAsOf, itemsAsOf, mergedInOrder } from '../db/as-of.js';
import { firmDeadline } from '../firm-deadline.js';
import { itemsMatch } from '../items-match.js';

/** Current items with filters, and one item's full history. */
export const items = new Hono<AppEnv>();

/**
 * Whether today's page is read whole, in one batch (db/items-page.ts). Always on in the app; the
 * bench turns it off to time the way before beside it.
 */
export const todayPageWhole = { on: true };

items.get('/', async (c) => {
  const q = readQuery(c, ItemsQuerySchema);
  const principal = c.get('principal');
  const campaign = c.get('campaign');
  const asOf = validDate(q.asOf) ?? c.get('today');
  if (q.category && !campaign.categories.includes(q.category)) {
    throw new ApiError('invalid-query', `问题类别须为：${campaign.categories.join('、')} (category must be one of these)`);
  }
  const unitId = await unitScope(c.env.DB, principal, q.unit, knownUnit(c));
  const reviewState = q.review === 'overdue' ? undefined : q.review;
  const timeliness = timelinessAsOf(campaign, asOf);
  const filter = { unitId, category: q.category, reviewState };
  // A page after the place the page before ended at (`next`), where the list moved or not.
  const after = q.after === undefined ? null : placeOf(q.after);
  const fromCursor = <T>(list: T[], place: (t: T) => ItemPlace) => (after ? list.filter((t) => isAfter(...place(t), after)) : list);
  // As of a past date `id` is the version's (currentItemsByIds reads those versions).
  let page: ItemState[];
  let total;
  let last: ItemPlace | undefined;
  // Today's page read whole (db/items-page.ts): its rows and remarks in the page's own batch.
  let listed: ListedPage | undefined;
  const view = q.view === 'brief' ? 'brief' : 'full';
  const way = await asOfWay(c.env.DB, asOf, knownWay(c));
  const past = way !== 'present';
  // Timeliness and review-overdue depend on asOf: the core's rules decide them.
  const asOfFilters = Boolean(q.timeliness) || q.review === 'overdue';
  const byRules = (s: ItemFacts) =>
    (!q.timeliness || timeliness(s).state === q.timeliness) && (q.review !== 'overdue' || reviewInfo(s.reviewState, s.reviewSince, asOf, campaign).overdue);
  if (past) {
    // As of a past date (SPEC 12.2): each item as it stood then, filtered by the same rules.
    const keep = (s: ItemFacts) =>
      (unitId === undefined || s.unitId === unitId) && (!q.category || s.category === q.category) && (!reviewState || s.reviewState === reviewState) && byRules(s);
    // The unchanged items' state then is today's: the rules decide today's combinations for them.
    const match = way === 'changed' && asOfFilters ? await itemsMatch(c.env.DB, campaign, asOf, { timeliness: q.timeliness, reviewOverdue: q.review === 'overdue' }, unitId) : undefined;
    let chosen: (ItemFacts & { itemId: number; versionId: number })[];
    if (way === 'changed' && (!asOfFilters || match)) {
      // The items not changed since selected and paged in SQL as today's list is, and the changed
      // ones as they stood then filtered here, merged in the list's order: a page of last week's
      // list reads its page, not 100,000 items.
      const [now, count, changed] = await Promise.all([
        unchangedItemStates(c.env.DB, asOf, filter, { limit: q.offset + q.limit, offset: 0, after }, match),
        countItems(c.env.DB, filter, match, asOf),
        changedItemsAsOf(c.env.DB, asOf, campaign, unitId),
      ]);
      const then = changed.filter(keep);
      const merged = mergedInOrder<(typeof chosen)[number]>(fromCursor(then, (s) => [s.unitId, s.itemId]), now.map((s) => ({ ...s, itemId: s.id })));
      chosen = merged.slice(q.offset, q.offset + q.limit);
      total = count + then.length;
    } else {
      const states = (await itemsAsOf(c.env.DB, asOf, campaign, unitId, way)).filter(keep);
      chosen = fromCursor(states, (s) => [s.unitId, s.itemId]).slice(q.offset, q.offset + q.limit);
      total = states.length;
    }
    page = chosen.map((s) => ({ ...s, id: s.versionId }));
    last = chosen.length ? [chosen.at(-1)!.unitId, chosen.at(-1)!.itemId] : undefined;
  } else {
    // The rules decide once per combination of what they read (items-match.ts), SQL then selecting the items of those kept.
    const match = asOfFilters ? await itemsMatch(c.env.DB, campaign, asOf, { timeliness: q.timeliness, reviewOverdue: q.review === 'overdue' }, unitId) : undefined;
    if (asOfFilters && !match) {
      // Too many combinations to bind: every item read and filtered here by the same rules.
      const states = (await currentItemStates(c.env.DB, filter)).filter(byRules);
      page = fromCursor(states, (s) => [s.unitId, s.id]).slice(q.offset, q.offset + q.limit);
      total = states.length;
    } else if (todayPageWhole.on) {
      const read = await todayPage(c.env.DB, view, filter, { ...q, after }, match);
      listed = read;
      page = read.states;
      total = read.total;
    } else {
      // The bench's way beside it: the page, then its rows with their remarks by id (as a past date's).
      [page, total] = await Promise.all([currentItemStates(c.env.DB, filter, { ...q, after }, match), countItems(c.env.DB, filter, match)]);
    }
  }
  // Where the next page starts: the page's last item's place (as of a past date set above, where `id` is the version's).
  if (!past && page.length) last = [page.at(-1)!.unitId, page.at(-1)!.id];
  const next = last ? { next: placeText(last) } : {};
  const ids = page.map((s) => s.id);
  const stateOf = new Map(page.map((s) => [s.id, s]));
  if (view === 'brief') {
    // Key, unit, description and the item's state: no version's item JSON decoded.
    const read = listed?.view === 'brief' ? listed : await briefItemsByIds(c.env.DB, ids, past);
    const { rows } = read;
    const facts = reviewFacts(read, asOf, campaign);
    const body: BriefItemsResponse = {
      asOf,
      total,
      items: rows.map((r): BriefItem => {
        const s = stateOf.get(r.id)!;
        const { review, extension } = facts(r.key, s);
        return { key: r.key, unit: r.unit, description: r.description, status: r.status, timeliness: timeliness(s), review, ...(extension ? { extension } : {}) };
      }),
      ...next,
    };
    return c.json(body);
  }
  const read = listed?.view === 'full' ? listed : await currentItemsByIds(c.env.DB, ids, past);
  const { rows } = read;
  const facts = reviewFacts(read, asOf, campaign);
  const body: ItemsResponse = {
    asOf,
    total,
    items: rows.map((r): CurrentItem => {
      const s = stateOf.get(r.id)!;
      const it = r.item;
      const { review, extension } = facts(r.key, s);
      return {
        key: r.key, unit: r.unit, version: r.version, submissionId: r.submissionId, file: r.file, sheet: r.sheet,
        // A relative deadline assigned since the version was read counts from its 交办 date.
        row: it.row, fields: it.fields, status: it.status,
        deadline: extension ? { ...it.deadline, kind: 'date', due: extension.due } : firmDeadline(it.deadline, s.assignedOn, campaign),
        ...(it.completedOn ? { completedOn: it.completedOn } : {}),
        timeliness: timeliness(s), diagnostics: redactDiagnostics(it.diagnostics, principal),
        review,
        ...(extension ? { extension } : {}),
      };
    }),
    ...next,
  };
  return c.json(body);
});

/**
 * What both views say of each listed item's review: its state as of `asOf` with the office's
 * latest comment, and an approved extension while the item's due date is still the extension's
 * (the version keeps what was written; the effective due date is the item's).
 */
function reviewFacts({ comments, approved }: PageRemarks, asOf: string, campaign: Campaign) {
  return (key: string, s: ItemState) => {
    const ext = approved.get(key);
    return { review: { ...reviewInfo(s.reviewState, s.reviewSince, asOf, campaign), ...comments.get(key) }, extension: ext && s.due === ext.due ? ext : undefined };
  };
}

// The stored keys of the items a sheet's keys name (a copy never submitted holds the core's).
items.post('/keys', async (c) => {
  const body = await readJson(c, ItemKeysRequestSchema);
  const principal = c.get('principal');
  if (principal.role === 'county' && body.unit === undefined) throw new ApiError('invalid-body', '县级令牌须写明单位 (a county token names the unit)');
  const unitId = (await unitScope(c.env.DB, principal, body.unit))!;
  const answer: ItemKeysResponse = { keys: await storedKeysFor(c.env.DB, keySecretFor(c.env)(), unitId, [...new Set(body.keys)]) };
  return c.json(answer);
});

items.get('/:key/history', async (c) => {
  const key = c.req.param('key');
  const principal = c.get('principal');
  const db = c.env.DB;
  // The item's row, its history, evidence and extensions in one batch, by the key asked: the
  // access rule then decides on the row. Another unit's history is read with it and never answered.
  const history = historyStatements(db, key);
  const [found, read] = await itemWith(db, key, [...history, evidenceStatement(db, key), extensionsStatement(db, key)]);
  const item = await historyItem(db, principal, key, found);
  const h = historyOf(read.slice(0, history.length));
  const [files, extensions] = read.slice(history.length);
  const body: ItemHistory = {
    key: item.key,
    unit: item.unit,
    current: item.current_version_id !== 0,
    review: reviewInfo(item.review_state, item.review_since, c.get('today'), c.get('campaign')),
    versions: h.versions.map((v) => ({
      version: v.version, submissionId: v.submission_id, submittedAt: v.submitted_at, file: v.file, sheet: v.sheet, item: redactItem(v.item, principal),
      ...(v.withdrawn_at ? { withdrawn: { at: v.withdrawn_at, by: v.withdrawn_by ?? '', reason: v.withdraw_reason ?? '' } } : {}),
    })),
    reviews: h.reviews.map((r) => ({
      decision: r.decision as ItemHistory['reviews'][number]['decision'], from: r.from_state as ItemHistory['review']['state'],
      to: r.to_state as ItemHistory['review']['state'], comment: r.comment, by: r.actor, at: r.decided_at, version: r.version,
      decidedOn: r.decided_on, ...(r.round_id !== null ? { round: r.round_id } : {}),
    })),
    timeliness: h.changes.map((t) => ({ on: t.changed_on, from: t.from_state, to: t.to_state })),
    extensions: extensionsOf(extensions!),
    evidence: evidenceOf(files!),
  };
  return c.json(body);
});

function redactItem(item: ItemReport, principal: Principal): ItemReport {
  return { ...item, diagnostics: redactDiagnostics(item.diagnostics, principal) };
}
