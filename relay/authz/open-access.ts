// INSECURE_NO_AUTH: every connection is admitted and no update is checked. Only for running
// the shared benchmark harness, whose simulated clients neither log in nor use Parley's schema.
import type { AccessPolicy } from '../sync/access.ts';

export const openAccess: AccessPolicy = {
  async admit() {
    return { ok: true, identity: null, doc: null };
  },
};
