// `npm stop`: stops what `npm start` started (the process groups recorded in .dev/pids.json).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const file = join(resolve(fileURLToPath(new URL('..', import.meta.url))), '.dev/pids.json');
if (!existsSync(file)) {
  console.log('nothing to stop (npm start is not running from this folder)');
  process.exit(0);
}
for (const [name, pid] of Object.entries(JSON.parse(readFileSync(file, 'utf8')))) {
  try {
    process.kill(-pid, 'SIGTERM'); // the whole group: wrangler and workerd go with their parent
    console.log(`stopped ${name} (${pid})`);
  } catch {
    console.log(`${name} (${pid}) was not running`);
  }
}
rmSync(file);
