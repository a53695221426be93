// Who gets in, before any document is loaded: the upgrade (the token it carries; over-rate users
// are turned away with 429 before it), the document name, the token and the access policy, the hooks' checks, and
// the user's connection limit. A refusal carries what the client is told and the close code.
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { CloseCode } from '../../protocol/close-codes.ts';
import { closeCodeOf, type Denial } from '../../protocol/denials.ts';
import { connectionToken } from '../../protocol/sync-auth.ts';

export { selectedProtocol } from '../../protocol/sync-auth.ts';
import { SYNC_PATH } from '../../protocol/sync-messages.ts';
import { unverifiedSubject } from '../auth/tokens.ts';
import type { AccessPolicy, Admitted, Identity } from './access.ts';
import { docNameFromPath } from './doc-name.ts';
import type { HookList } from './hooks.ts';
import { TooManyDocsError } from './room-registry.ts';
import type { UserLimits } from './user-limits.ts';

/** A connection turned away: `denial` is sent first when the client should learn the code. */
export interface Refusal {
  closeCode: number;
  reason: string;
  denial?: Denial;
}

export type AdmissionResult = { ok: true; admitted: Admitted } | { ok: false; refusal: Refusal };

export interface AdmissionOptions {
  access: AccessPolicy;
  limits: UserLimits;
  hooks: HookList;
  log: Logger;
}

export class Admission {
  readonly #options: AdmissionOptions;

  constructor(options: AdmissionOptions) {
    this.#options = options;
  }

  /**
   * The token an upgrade request carries (protocol/sync-auth.ts), or the raw HTTP response that
   * refuses it. A user over the update rate is turned away before the upgrade: a refused handshake
   * makes a stock provider back off (up to its maximum), where an accepted-then-closed socket has
   * it reconnect at once, again and again. The token's subject is read unverified, which is enough
   * to refuse (never to admit): a forged one only turns its sender away.
   */
  upgrade(headers: IncomingHttpHeaders, url: URL): { token: string | undefined } | { refusal: string } {
    const token = connectionToken(headers['sec-websocket-protocol'], url);
    const userId = unverifiedSubject(token);
    const wait = userId === undefined ? 0 : this.#options.limits.updateWait(userId);
    if (wait === 0) return { token };
    this.#options.log.debug({ userId, waitMs: wait }, 'upgrade refused: over the update rate');
    return {
      refusal: `HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${Math.ceil(wait / 1000)}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    };
  }

  /** The document an accepted socket asks for, from its path. */
  nameOf(url: URL, connId: string): { ok: true; name: string } | { ok: false; refusal: Refusal } {
    const path = docNameFromPath(url.pathname, `${SYNC_PATH}/`);
    if (path.ok) return path;
    this.#options.log.warn({ connId, path: url.pathname, reason: path.error }, 'rejected connection');
    return { ok: false, refusal: { closeCode: CloseCode.invalidDocName, reason: path.error.slice(0, 120) } };
  }

  /** Decides on a socket's token for document `name`: access, then the hooks' checks; logs refusals. */
  async admit(token: string | undefined, name: string, connId: string): Promise<AdmissionResult> {
    const { access, hooks, log } = this.#options;
    let verdict: Awaited<ReturnType<AccessPolicy['admit']>>;
    try {
      verdict = await access.admit(token, name);
    } catch (error) {
      log.error({ err: error, connId, doc: name }, 'access check failed');
      return { ok: false, refusal: { closeCode: CloseCode.storageFailed, reason: 'Access could not be checked; retry' } };
    }
    if (!verdict.ok) return this.#refuse(verdict.denial, connId, name);
    if (verdict.doc) {
      let denial: Denial | undefined;
      try {
        denial = await hooks.checkOpen(verdict.doc);
      } catch (error) {
        if (error instanceof TooManyDocsError) return { ok: false, refusal: { closeCode: CloseCode.overloaded, reason: error.message } };
        log.error({ err: error, connId, doc: name }, 'opening checks failed');
        return { ok: false, refusal: { closeCode: CloseCode.storageFailed, reason: 'Document could not be loaded; retry' } };
      }
      if (denial) return this.#refuse(denial, connId, name);
    }
    return { ok: true, admitted: { identity: verdict.identity, doc: verdict.doc } };
  }

  /** Counts the connection against its user's limit, or refuses it; pair with `leave`. */
  enter(identity: Identity | null, connId: string, name: string): Refusal | undefined {
    const { limits, hooks } = this.#options;
    if (identity === null) return undefined;
    const first = !limits.isOnline(identity.userId);
    if (limits.connect(identity.userId)) {
      if (first) hooks.userOnline(identity.userId);
      return undefined;
    }
    const message = `At most ${limits.maxConnections} connections per user; close some tabs or devices`;
    return this.#refuse({ code: 'too_many_connections', message }, connId, name).refusal;
  }

  /** A connection that `enter` counted closed: the hooks hear when it was its user's last on this relay. */
  leave(identity: Identity | null): void {
    if (identity !== null && this.#options.limits.disconnect(identity.userId)) this.#options.hooks.userOffline(identity.userId);
  }

  #refuse(denial: Denial, connId: string, name: string): { ok: false; refusal: Refusal } {
    this.#options.log.info({ connId, doc: name, code: denial.code }, `connection refused: ${denial.message}`);
    return { ok: false, refusal: { closeCode: closeCodeOf(denial.code), reason: denial.message.slice(0, 120), denial } };
  }
}
