import type { D1Database, D1PreparedStatement, D1Result } from '@cloudflare/workers-types';
import type { Campaign } from '../shared/index.js';

/** Who a request's bearer token is (set by the auth middleware). */
export interface Principal {
  tokenId: number;
  role: 'county' | 'unit';
  /** The unit a unit token is bound to. */
  unitId?: number;
  unitName?: string;
  label: string;
}

/** Hono's environment: bindings from wrangler.toml (worker-configuration.d.ts) and per-request values. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    principal: Principal;
    campaign: Campaign;
    /** The county's date for this request (YYYY-MM-DD). */
    today: string;
    /**
     * Reads a route asks for in its token's own round trip (set before requireToken runs): each a
     * statement keyed by the token's hash, whose answers mean nothing unless the token is valid.
     */
    withToken?: (db: D1Database, tokenHash: string) => D1PreparedStatement[];
    /** Their answers, in order, once requireToken has found the token valid. */
    withTokenResults?: D1Result[];
    /** A keyed write's key, once its route put the key's row in its batch (request-keys.ts keeps its answer). */
    requestKey?: { tokenId: number; key: string; requestId: string };
  };
}
