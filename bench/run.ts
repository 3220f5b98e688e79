// `npm run bench`: every benchmark in turn, each printing its figures against a naive way
// measured in the same run, and the SPEC section 11 target it is held to.
const suites = process.argv.slice(2);
const all = ['core', 'cli', 'worker', 'memory', 'excel'];
for (const name of suites.length ? suites : all) {
  const mod = (await import(`./${name}.ts`)) as { run: () => Promise<void> };
  console.log(`\n== ${name}`);
  await mod.run();
}
export {};
