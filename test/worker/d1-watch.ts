import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';

/**
 * env.DB that tells `onCall` of each call as it goes out: a statement run alone (its SQL's first
 * 60 characters) or a batch (`batch of N: ` and its first statement's), and the promise of its answer.
 */
export function watched(db: D1Database, onCall: (what: string, answer: Promise<unknown>) => void): D1Database {
  const real = new WeakMap<object, D1PreparedStatement>();
  const sqlOf = new WeakMap<object, string>();
  const wrap = (s: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const p = new Proxy(s, {
      get(target, key) {
        if (key === 'bind') return (...args: unknown[]) => wrap(target.bind(...args), sql);
        if (key === 'first' || key === 'all' || key === 'run' || key === 'raw') {
          return (...args: unknown[]) => {
            const answer = (target[key] as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            onCall(sql.trim().slice(0, 60), answer);
            return answer;
          };
        }
        const v = Reflect.get(target, key, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    real.set(p, s);
    sqlOf.set(p, sql.trim().slice(0, 60));
    return p;
  };
  return new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => wrap(target.prepare(sql), sql);
      if (key === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          const answer = target.batch(statements.map((s) => real.get(s) ?? s));
          onCall(`batch of ${statements.length}: ${statements[0] ? sqlOf.get(statements[0]) ?? '' : ''}`, answer);
          return answer;
        };
      }
      const v = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
