// The relay's door: who may open a document, as whom and with which role. Admission only asks
// this policy; relay/authz/access-policy.ts answers it from tokens and memberships.
import type { DocName } from '../../model/doc-names.ts';
import type { Role } from '../../model/write-policy.ts';
import type { Denial } from '../../protocol/denials.ts';

export interface Identity {
  userId: string;
  username: string;
  role: Role;
  /** The login the access token belongs to; its connections close when it signs out. */
  sessionId?: string;
}

/** Who a connection is and what it opens; both null when the relay runs with INSECURE_NO_AUTH. */
export interface Admitted {
  identity: Identity | null;
  doc: DocName | null;
}

export type AccessVerdict = ({ ok: true } & Admitted) | { ok: false; denial: Denial };

export interface AccessPolicy {
  admit(token: string | undefined, docName: string): Promise<AccessVerdict>;
}
