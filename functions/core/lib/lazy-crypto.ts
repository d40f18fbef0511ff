/**
 * `node:crypto`, loaded on first use. The bundles alias `node:crypto` to this module
 * (infra/constructs/bundling.ts): importing the real module costs a cold start several
 * milliseconds of CPU even in a function that never hashes anything (Powertools' Logger imports
 * `randomInt` for its log sampling, at the top of the file). Through this module a function pays
 * for crypto when it first calls it. Not imported by anything directly; tests and the local
 * runtime load the real module.
 *
 * Every name a bundle imports from `node:crypto` must be here: esbuild fails the build on one
 * that is missing, so a new one cannot slip through.
 */
type Crypto = typeof import('node:crypto');

let loaded: Crypto | undefined;
// process.getBuiltinModule, not an import: an import of node:crypto here would be aliased to this very file.
const crypto = (): Crypto => (loaded ??= process.getBuiltinModule('node:crypto'));

export const createHash: Crypto['createHash'] = (...args) => crypto().createHash(...args);
export const createHmac: Crypto['createHmac'] = (...args) => crypto().createHmac(...args);
export const createPrivateKey: Crypto['createPrivateKey'] = (...args) => crypto().createPrivateKey(...args);
export const createPublicKey: Crypto['createPublicKey'] = (...args) => crypto().createPublicKey(...args);
export const getRandomValues: Crypto['getRandomValues'] = (array) => crypto().getRandomValues(array);
export const randomBytes = ((...args: Parameters<Crypto['randomBytes']>) => crypto().randomBytes(...args)) as Crypto['randomBytes'];
export const randomInt = ((...args: Parameters<Crypto['randomInt']>) => (crypto().randomInt as (...a: unknown[]) => unknown)(...args)) as Crypto['randomInt'];
export const randomUUID: Crypto['randomUUID'] = (options) => crypto().randomUUID(options);
export const sign = ((...args: Parameters<Crypto['sign']>) => (crypto().sign as (...a: unknown[]) => unknown)(...args)) as Crypto['sign'];
export const timingSafeEqual: Crypto['timingSafeEqual'] = (a, b) => crypto().timingSafeEqual(a, b);
