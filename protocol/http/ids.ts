// The ids and bearer secrets the API takes in paths and bodies. Users and conversations: a kind
// letter and 16 base36 characters (media too); invite tokens: 32 random bytes, base64url.
import { z } from 'zod';

export const USER_ID_PATTERN = /^u[0-9a-z]{16}$/;
export const CONVERSATION_ID_PATTERN = /^k[0-9a-z]{16}$/;
export const MEDIA_ID_PATTERN = /^m[0-9a-z]{16}$/;
export const OPAQUE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const userId = z.string().regex(USER_ID_PATTERN, 'not a user id');
export const conversationId = z.string().regex(CONVERSATION_ID_PATTERN, 'not a conversation id');
export const mediaId = z.string().regex(MEDIA_ID_PATTERN, 'not a media id');
export const inviteToken = z.string().regex(OPAQUE_TOKEN_PATTERN, 'not an invite token');
