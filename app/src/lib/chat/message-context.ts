// What every message row of an open conversation needs besides the message itself: who is reading,
// how names resolve, and what the user can do to a message. The conversation screen provides it
// once; MessageList and MessageItem read it instead of threading a dozen props and callbacks.
import { createContext } from 'svelte';
import type { ViewMessage } from './view-messages.ts';

export interface MessageContext {
  readonly me: { readonly id: string; readonly username: string };
  /** A direct message: a receipt says when the other member read, not who. */
  readonly direct: boolean;
  /** Whether the user may delete other members' messages here. */
  readonly canModerate: boolean;
  /** The message the composer is editing, if any. */
  readonly editingId: string | null;
  readonly nameOf: (userId: string | null) => string;
  /** Whether `username` is a member, so an @mention of them is highlighted. */
  readonly isMember: (username: string) => boolean;
  readonly reply: (message: ViewMessage) => void;
  readonly edit: (message: ViewMessage) => void;
  readonly delete: (message: ViewMessage) => void;
  readonly react: (message: ViewMessage, emoji: string) => void;
  /** For a message the relay refused: send it again as a new message. */
  readonly retry: (message: ViewMessage) => void;
  /** For a message the relay refused: drop this device's undelivered changes. */
  readonly discard: () => void;
}

export const [messageContext, provideMessageContext] = createContext<MessageContext>();
