import { version } from '../package.json';
import { guessLang, parseCliArgs } from './args.js';
import { isCliError } from './errors.js';
import { usage } from './usage.js';
import { stdoutWriter, writeUtf8 } from './write-utf8.js';

// Only the argument parser and the help text load at start: the reader, the core and ExcelJS
// load (cli/run.ts, through cli/load-run.ts) when there are files to check, so --version and
// --help answer at once.

/** Where the CLI writes; tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Text made piece by piece (the JSON report), written while the next piece is made; else stdout gets it joined. */
  stdoutPieces?: (pieces: Iterable<string>) => Promise<void>;
}

const out = stdoutWriter(process.platform, () => process.stdout);
const processIO: CliIO = {
  stdout: (text) => writeUtf8(out.stdout, text),
  stderr: (text) => void process.stderr.write(text),
  stdoutPieces: out.pieces,
};

/**
 * The CLI: returns the exit code (0 no errors, 1 errors found, 2 could not run). Never
 * throws and never prints a stack trace (set LEDGER_CHECK_DEBUG=1 to see one).
 * @example process.exitCode = await main(['a.xlsx', '--json'])
 */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const lang = guessLang(argv);
  try {
    const options = parseCliArgs(argv);
    if (options.help) io.stdout(usage(options.lang));
    else if (options.version) io.stdout(`${version}\n`);
    else {
      // Loaded here, so --version and --help do not load node:module (which brings Node's ES
      // module loader code with it).
      const run = await (await import('./load-run.js')).loadRun();
      return await run(options, io);
    }
    return 0;
  } catch (error) {
    if (isCliError(error)) {
      io.stderr(`${error.text(lang).split('\n').map((line) => `ledger-check: ${line}`).join('\n')}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr(lang === 'en' ? `ledger-check: internal error: ${message}\n` : `ledger-check: 内部错误：${message}\n`);
    }
    if (process.env.LEDGER_CHECK_DEBUG) io.stderr(`${(error as Error)?.stack ?? error}\n`);
    return 2;
  }
}
