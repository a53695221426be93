// Who may open which document: a valid access token, then membership of the conversation for
// its head and segments, or being the owner for an inbox. Checked before the document loads.
import { parseDocName } from '../../model/doc-names.ts';
import type { Role } from '../../model/write-policy.ts';
import type { AccessCheck } from '../auth/tokens.ts';
import type { Denial } from '../../protocol/denials.ts';
import type { AccessPolicy, AccessVerdict } from '../sync/access.ts';

export interface AccessSources {
  verifyAccess(token: string | undefined): Promise<AccessCheck>;
  roleOf(conversationId: string, userId: string): Promise<Role | null>;
}

export function createAccessPolicy(sources: AccessSources): AccessPolicy {
  return {
    async admit(token, docName): Promise<AccessVerdict> {
      const check = await sources.verifyAccess(token);
      if (!check.ok) return refuse({ code: check.code, message: check.message });
      const { userId, username, sessionId } = check.claims;
      const doc = parseDocName(docName);
      if (!doc) return refuse({ code: 'unknown_document', message: `"${docName}" is not a Parley document` });
      if (doc.kind === 'inbox') {
        if (doc.userId !== userId) return refuse({ code: 'forbidden', message: "Only its owner opens a user's inbox" });
        return { ok: true, identity: { userId, username, role: 'member', sessionId }, doc };
      }
      const role = await sources.roleOf(doc.conversationId, userId);
      if (role === null) return refuse({ code: 'not_a_member', message: 'You are not a member of this conversation' });
      return { ok: true, identity: { userId, username, role, sessionId }, doc };
    },
  };
}

function refuse(denial: Denial): AccessVerdict {
  return { ok: false, denial };
}
