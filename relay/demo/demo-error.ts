// The demo's one error type: a stable code and a message for the person who started the relay.

export const DemoErrorCode = {
  /** The content in content.ts contradicts itself (a reply to a later message, an unknown key). */
  invalidContent: 'demo_invalid_content',
  /** The relay did not store or pass on the demo's writes in time. */
  timeout: 'demo_timeout',
  /** The relay refused one of the demo's documents for good (4403, 4404, …). */
  refused: 'demo_refused',
  /** A relay set up so that the demo cannot work on it (no authentication, no TCP address). */
  unsupported: 'demo_unsupported',
} as const;

export type DemoErrorCode = (typeof DemoErrorCode)[keyof typeof DemoErrorCode];

export class DemoError extends Error {
  override readonly name = 'DemoError';

  constructor(
    readonly code: DemoErrorCode,
    message: string,
  ) {
    super(message);
  }
}
