/**
 * node:module's createRequire, as the CLI's CommonJS bundles have it (scripts/build.js resolves
 * `node:module` here for them): every caller asks for a require relative to its own bundle
 * (createRequire(import.meta.url)), which is the bundle's own `require`. Loading node:module
 * would bring Node's ES module loader with it (four internal modules in every run).
 */
export function createRequire(_from: string | URL): NodeJS.Require {
  return require;
}
