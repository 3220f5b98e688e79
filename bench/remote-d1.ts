// The D1 a deployed Worker meets: each call answered `latencyMs` after local D1 answers it, the
// round trip from the Worker's location to the database's (locally every call costs 1–3 ms, so
// the bench could not tell eight round trips in turn from three). Calls made at once wait their
// latency at once, as they would over the network. `oneAtATime` is the naive way beside it: each
// call goes out only when the one before has answered.
import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';

export interface RemoteCalls {
  /** Calls made (a batch is one). */
  calls: number;
  /**
   * Round trips waited in turn: a call's depth is one more than the deepest call answered before
   * it went out; this is the deepest. With a latency far above the Worker's own work between
   * calls it is the request's critical path.
   */
  inTurn: number;
}

export function remoteDb(db: D1Database, latencyMs: number, oneAtATime: boolean, seen: RemoteCalls): D1Database {
  let answeredDepth = 0;
  let last: Promise<unknown> = Promise.resolve();
  const remote = <T>(run: () => Promise<T>): Promise<T> => {
    seen.calls++;
    const depth = answeredDepth + 1;
    const go = async () => {
      const answer = await run();
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      return answer;
    };
    const answer = oneAtATime ? last.then(go, go) : go();
    last = answer.catch(() => undefined);
    const settle = () => {
      answeredDepth = Math.max(answeredDepth, depth);
      seen.inTurn = Math.max(seen.inTurn, depth);
    };
    answer.then(settle, settle);
    return answer;
  };
  const real = new WeakMap<object, D1PreparedStatement>();
  const wrap = (s: D1PreparedStatement): D1PreparedStatement => {
    const p = new Proxy(s, {
      get(target, key) {
        if (key === 'bind') return (...args: unknown[]) => wrap(target.bind(...args));
        if (key === 'first' || key === 'all' || key === 'run' || key === 'raw') {
          return (...args: unknown[]) => remote(() => (target[key] as (...a: unknown[]) => Promise<unknown>).apply(target, args));
        }
        const v = Reflect.get(target, key, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    real.set(p, s);
    return p;
  };
  return new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => wrap(target.prepare(sql));
      if (key === 'batch') return (statements: D1PreparedStatement[]) => remote(() => target.batch(statements.map((s) => real.get(s) ?? s)));
      const v = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
