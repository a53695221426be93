// The relay-core tests (sync protocol, durability, limits, fuzzing) send arbitrary Yjs content to
// arbitrary document names with stock providers, so they run the relay with INSECURE_NO_AUTH.
// Authentication and per-update authorization are tested as users meet them in tests/authz.test.ts
// and tests/client-convergence.test.ts.
export const UNCHECKED_ENV = { INSECURE_NO_AUTH: 'true' } as const;
