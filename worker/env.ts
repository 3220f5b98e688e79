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
  };
}
