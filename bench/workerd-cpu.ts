import { readdirSync, readFileSync } from 'node:fs';

// CPU time of the local Worker (workerd runs the app and its D1's SQLite), for figures that hold on
// a shared machine: wall time there counts other engineers' load, CPU time only our own work.
// Linux only (/proc); elsewhere null. Descendants of this process only: others' workerd are not ours.

/** workerd processes started (through wrangler) by this process. */
function ourWorkerd(): number[] {
  const parent = new Map<number, number>();
  const name = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      name.set(Number(d), stat.slice(stat.indexOf('(') + 1, close));
      parent.set(Number(d), Number(stat.slice(close + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  return [...name].filter(([pid, n]) => n === 'workerd' && mine(pid)).map(([pid]) => pid);
}

/**
 * The local Worker's CPU time so far in ms (every thread's time on CPU, schedstat), or null off
 * Linux. Its processes are looked up each time: wrangler starts more than one, and may restart one.
 */
export function workerdCpuMs(): number | null {
  try {
    const pids = ourWorkerd();
    let ns = 0;
    for (const pid of pids) {
      for (const t of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    }
    return pids.length ? ns / 1e6 : null;
  } catch {
    return null;
  }
}
