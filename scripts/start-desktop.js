// `npm run start:desktop`: sideloads the add-in into desktop Excel with the development manifest
// for the dev server's port (PORT, else 3000), which office-addin-debugging starts and stops.
import { spawn } from 'node:child_process';
import { writeManifest } from './build-manifest.js';

const port = Number(process.env.PORT ?? 3000);
const { target } = writeManifest({ dev: true, port });
const child = spawn('npx', ['--no-install', 'office-addin-debugging', 'start', target, 'desktop', '--dev-server', `node scripts/dev-server.js --port ${port}`, '--dev-server-port', String(port)], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
child.on('exit', (code) => process.exit(code ?? 0));
