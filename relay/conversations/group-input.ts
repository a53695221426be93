// What a new group needs, validated the same way whether it comes over HTTP or from a test.
import { z } from 'zod';

const GROUP_NAME_MAX = 80;
const GROUP_TOPIC_MAX = 300;

// Control characters (newlines, NUL) have no business in a one-line name.
const noControlCharacters = (value: string): boolean => !/\p{Cc}/u.test(value);

const name = z
  .string()
  .trim()
  .min(1, 'A group needs a name')
  .max(GROUP_NAME_MAX, `A group name has at most ${GROUP_NAME_MAX} characters`)
  .refine(noControlCharacters, 'A group name cannot contain control characters');
const topic = z.string().trim().max(GROUP_TOPIC_MAX, `A topic has at most ${GROUP_TOPIC_MAX} characters`);
const visibility = z.enum(['public', 'private']);

export const groupInputSchema = z.object({ name, topic: topic.default(''), visibility });

export type GroupInput = z.input<typeof groupInputSchema>;

/** A change to an existing group: any of its fields, at least one. */
export const groupSettingsSchema = z
  .strictObject({ name: name.optional(), topic: topic.optional(), visibility: visibility.optional() })
  .refine((settings) => Object.keys(settings).length > 0, 'Say what to change: name, topic or visibility');

export type GroupSettings = z.input<typeof groupSettingsSchema>;
