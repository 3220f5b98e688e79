// The Worker as it was before docx was imported lazily (bench/worker-startup.ts): letters and the
// bulletin imported at the top, so every new isolate evaluates docx.
import '../worker/letters/letter-docx.js';
import '../worker/reports/bulletin-docx.js';
export { default } from '../worker/index.js';
