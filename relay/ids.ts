// New ids of users, conversations and media: a kind letter and 16 random base36 characters (~82 bits),
// the patterns in protocol/http/ids.ts. They become parts of document names (`c:<conversationId>`,
// `i:<userId>`), so they never hold ':'.
import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 16;

function randomId(prefix: string): string {
  let id = prefix;
  for (let i = 0; i < RANDOM_LENGTH; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

export const newUserId = (): string => randomId('u');
export const newConversationId = (): string => randomId('k');
export const newMediaId = (): string => randomId('m');
