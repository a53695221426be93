// Waits for a state of a document the demo has open through the app's client: its own writes
// stored by the relay, others' writes arrived, a conversation list updated by the relay.
import * as Y from 'yjs';
import type { OpenedDocument } from '#sync-client/open-document.ts';
import { DemoError, DemoErrorCode } from './demo-error.ts';

/**
 * Resolves once `check()` holds, looking again on every change to the document and to what the
 * relay acknowledged. Fails when the relay refuses the document for good, or after `timeoutMs`.
 */
export function until(opened: OpenedDocument, what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const name = opened.provider.roomname;
    const cleanups: Array<() => void> = [];
    let settled = false;
    const finish = (error?: DemoError): void => {
      if (settled) return;
      settled = true;
      for (const cleanup of cleanups) cleanup();
      if (error) reject(error);
      else resolve();
    };
    const look = (): void => {
      if (opened.status.state === 'stopped') {
        finish(
          new DemoError(
            DemoErrorCode.refused,
            `The relay refused ${name} (${opened.status.code} ${opened.status.reason}) while waiting for ${what}`,
          ),
        );
      } else if (check()) finish();
    };
    const timer = setTimeout(
      () => finish(new DemoError(DemoErrorCode.timeout, `Timed out after ${timeoutMs} ms waiting for ${what} (${name})`)),
      timeoutMs,
    );
    cleanups.push(() => clearTimeout(timer));
    opened.doc.on('update', look);
    cleanups.push(() => opened.doc.off('update', look));
    cleanups.push(opened.stored.onChange(look));
    cleanups.push(opened.onStatus(look));
    look();
  });
}

/** Everything this client wrote to the document is committed by the relay (its acks say so). */
export function untilStored(opened: OpenedDocument, what: string, timeoutMs: number): Promise<void> {
  const written = Y.getState(opened.doc.store, opened.doc.clientID);
  return until(opened, `${what} to be stored`, () => opened.stored.ownWritesStored(written), timeoutMs);
}
