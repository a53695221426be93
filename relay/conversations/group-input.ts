// What a new group needs, validated the same way whether it comes over HTTP or from a test.
import { z } from 'zod';

const GROUP_NAME_MAX = 80;
const GROUP_TOPIC_MAX = 300;

// Control characters (newlines, NUL) have no business in a one-line name.
const noControlCharacters = (value: string): boolean => !/\p{Cc}/u.test(value);

export const groupInputSchema = z.object({
  name: z.string().trim().min(1, 'A group needs a name').max(GROUP_NAME_MAX, `A group name has at most ${GROUP_NAME_MAX} characters`)
    .refine(noControlCharacters, 'A group name cannot contain control characters'),
  topic: z.string().trim().max(GROUP_TOPIC_MAX, `A topic has at most ${GROUP_TOPIC_MAX} characters`).default(''),
  visibility: z.enum(['public', 'private']),
});

export type GroupInput = z.input<typeof groupInputSchema>;
