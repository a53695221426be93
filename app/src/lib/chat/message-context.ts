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

/** What the user can do to a message, in the order its menu and action sheet list them. */
export type MessageAction = 'reply' | 'react' | 'copy' | 'edit' | 'delete';

/** Each action's label and its key on a focused message (aria-keyshortcuts syntax). */
export const ACTIONS: Readonly<Record<MessageAction, { label: string; shortcut: string }>> = {
  reply: { label: 'Reply', shortcut: 'R' },
  react: { label: 'Add reaction', shortcut: '+' },
  copy: { label: 'Copy text', shortcut: 'C' },
  edit: { label: 'Edit', shortcut: 'E' },
  delete: { label: 'Delete', shortcut: 'Delete' },
};

/** The actions the user has on `message`: editing their own, deleting their own or, as a moderator, anyone's. */
export function messageActions(message: Pick<ViewMessage, 'mine' | 'deleted'>, canModerate: boolean): MessageAction[] {
  if (message.deleted) return [];
  const actions: MessageAction[] = ['reply', 'react', 'copy'];
  if (message.mine) actions.push('edit');
  if (message.mine || canModerate) actions.push('delete');
  return actions;
}

/** The action a key pressed on a focused message stands for, if any. */
export function actionForKey(key: string): MessageAction | undefined {
  const pressed = key.length === 1 ? key.toUpperCase() : key;
  return (Object.keys(ACTIONS) as MessageAction[]).find((action) => ACTIONS[action].shortcut === pressed);
}
