// The county server's admin command: registers units, issues, lists and revokes access tokens.
// Against local D1 (what `npm run dev:worker` serves) by default; `--remote` for the deployed one.
//
//   npm run admin -- unit add 儒林镇
//   npm run admin -- unit list
//   npm run admin -- token create --unit 儒林镇 [--label 儒林镇综治办]   (registers the unit if new)
//   npm run admin -- token create --county [--label 县委巡察办]
//   npm run admin -- token create --unit 儒林镇 --expires 2024-12-31   (or --days 90)
//   npm run admin -- token list
//   npm run admin -- token revoke 3
//   npm run admin -- robot set 儒林镇 --dingtalk URL --secret SEC…   (or --wecom URL)
//   npm run admin -- robot list
import { parseArgs } from 'node:util';
import { setRobotSql } from '../worker/db/notice-delivery.js';
import { robotConfigProblem, type RobotConfig } from '../worker/robots/config.js';
import { literal, migrate, newToken, sql, tokenSql, type Target } from './d1.js';

const USAGE = `usage: npm run admin -- <command> [--remote] [--persist-to DIR]
  unit add NAME…                          register units
  unit list                               list registered units
  token create --unit NAME [--label L]    issue a unit token (registers the unit if new)
  token create --county [--label L]       issue a county token
      [--expires YYYY-MM-DD | --days N]   valid through that county date (default: no expiry)
  token list                              list tokens (never their values), with expiry and last use
  token revoke ID                         revoke a token by its id
  robot set UNIT --dingtalk URL [--secret SEC…]   set the unit's DingTalk group robot (加签 secret)
  robot set UNIT --wecom URL              set the unit's WeCom group robot
  robot list                              list units' robots (never their secrets)`;

export function main(argv: string[]): void {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      remote: { type: 'boolean', default: false },
      'persist-to': { type: 'string' },
      unit: { type: 'string' },
      county: { type: 'boolean', default: false },
      label: { type: 'string' },
      expires: { type: 'string' },
      days: { type: 'string' },
      dingtalk: { type: 'string' },
      wecom: { type: 'string' },
      secret: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [resource, verb, ...rest] = positionals;
  if (values.help || !resource || !verb) return void console.log(USAGE);
  const target: Target = { remote: values.remote!, persistTo: values['persist-to'] };
  // Local state is created on first use; the deployed database is migrated on deploy, not here.
  if (!target.remote) migrate(target);

  switch (`${resource} ${verb}`) {
    case 'unit add': {
      if (rest.length === 0) throw new UsageError('name at least one unit');
      sql(target, rest.map((name) => `INSERT OR IGNORE INTO units (name) VALUES (${literal(name.trim())});`).join('\n'));
      console.log(`registered: ${rest.join('、')}`);
      return;
    }
    case 'unit list': {
      const [units = []] = sql<{ id: number; name: string }>(target, 'SELECT id, name FROM units ORDER BY id');
      for (const u of units) console.log(`${u.id}\t${u.name}`);
      return;
    }
    case 'token create': {
      if (!!values.unit === values.county) throw new UsageError('give exactly one of --unit NAME or --county');
      const role = values.county ? 'county' : 'unit';
      const unit = values.unit?.trim() ?? null;
      const label = values.label ?? (unit ?? '县委巡察办');
      const expiresOn = expiryOf(values.expires, values.days);
      const { token, hash } = newToken();
      sql(target, tokenSql(role, unit, hash, label, expiresOn));
      console.log(`${role} token for ${unit ?? 'the county office'}${expiresOn ? `, valid through ${expiresOn}` : ''} (shown once, keep it safe):\n${token}`);
      return;
    }
    case 'token list': {
      const [tokens = []] = sql<Record<string, unknown>>(
        target,
        `SELECT t.id, t.role, COALESCE(u.name, '') AS unit, t.label, t.created_at, COALESCE(t.expires_on, '') AS expires_on,
           COALESCE(t.last_used_at, 'never') AS last_used_at, COALESCE(t.revoked_at, '') AS revoked_at
         FROM tokens t LEFT JOIN units u ON u.id = t.unit_id ORDER BY t.id`,
      );
      console.log('id\trole\tunit\tlabel\tcreated\texpires\tlast used\trevoked');
      for (const t of tokens) console.log(Object.values(t).join('\t'));
      return;
    }
    case 'token revoke': {
      const id = Number(rest[0]);
      if (!Number.isInteger(id)) throw new UsageError('token revoke needs a token id (see token list)');
      const [, changed = []] = sql<{ n: number }>(target, `UPDATE tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ${id} AND revoked_at IS NULL; SELECT changes() AS n;`);
      console.log(changed[0]?.n ? `revoked token ${id}` : `no active token ${id}`);
      return;
    }
    case 'robot set': {
      const unit = rest[0]?.trim();
      if (!unit) throw new UsageError('robot set needs the unit name');
      if (!!values.dingtalk === !!values.wecom) throw new UsageError('give exactly one of --dingtalk URL or --wecom URL');
      const robot: RobotConfig = values.dingtalk
        ? { kind: 'dingtalk', webhook: values.dingtalk, secret: values.secret ?? null }
        : { kind: 'wecom', webhook: values.wecom!, secret: values.secret ?? null };
      const problem = robotConfigProblem(robot);
      if (problem) throw new UsageError(problem);
      sql(target, setRobotSql(unit, robot, literal));
      console.log(`${unit}: ${robot.kind === 'dingtalk' ? '钉钉' : '企业微信'}群机器人已设置${robot.secret ? '（加签）' : ''}`);
      return;
    }
    case 'robot list': {
      const [robots = []] = sql<Record<string, unknown>>(
        target,
        `SELECT u.name AS unit, r.kind, CASE WHEN r.secret IS NULL THEN '' ELSE 'signed' END AS signing, r.updated_at
         FROM unit_robots r JOIN units u ON u.id = r.unit_id ORDER BY u.id`,
      );
      console.log('unit\tkind\tsigning\tupdated');
      for (const r of robots) console.log(Object.values(r).join('\t'));
      return;
    }
    default:
      throw new UsageError(`unknown command: ${resource} ${verb}`);
  }
}

class UsageError extends Error {}

/** The last county date a new token works: `--expires YYYY-MM-DD`, or `--days N` from today in Asia/Shanghai. */
export function expiryOf(expires: string | undefined, days: string | undefined, now = new Date()): string | null {
  if (expires !== undefined && days !== undefined) throw new UsageError('give --expires or --days, not both');
  if (expires !== undefined) {
    const d = new Date(`${expires}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expires) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== expires) {
      throw new UsageError(`--expires needs a real date YYYY-MM-DD (got ${expires})`);
    }
    return expires;
  }
  if (days !== undefined) {
    if (!/^\d{1,5}$/.test(days) || Number(days) < 1) throw new UsageError(`--days needs a whole number of days, 1 or more (got ${days})`);
    const county = new Date(now.getTime() + 8 * 3600_000); // Asia/Shanghai, no DST
    county.setUTCDate(county.getUTCDate() + Number(days));
    return county.toISOString().slice(0, 10);
  }
  return null;
}

try {
  main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof UsageError ? `${err.message}\n\n${USAGE}` : (err as Error).message);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
