// The relay's door: who may open a document, as whom and with which role. The sync service only
// asks this hook; relay/authz/access-policy.ts answers it from tokens and memberships.
import type { DocName } from '../../model/doc-names.ts';
import type { Role } from '../../model/write-policy.ts';

export interface Identity {
  userId: string;
  username: string;
  role: Role;
  /** The login the access token belongs to; its connections close when it signs out. */
  sessionId?: string;
}

export type Admission =
  /** `identity` null: the relay runs with INSECURE_NO_AUTH and checks nothing. */
  | { ok: true; identity: Identity | null; doc: DocName | null }
  | { ok: false; closeCode: number; code: string; message: string };

export interface AccessPolicy {
  admit(token: string | undefined, docName: string): Promise<Admission>;
}
