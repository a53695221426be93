// The unread count in the tab's title: "(3) Parley", the count of every conversation together.

/** How many messages wait unread across `conversations`. */
export function totalUnread(conversations: Iterable<{ unread: number }>): number {
  let total = 0;
  for (const { unread } of conversations) total += unread;
  return total;
}

/** `title` with `unread` in front of it; `title` alone when nothing is unread. */
export function titleWithUnread(title: string, unread: number): string {
  return unread > 0 ? `(${unread}) ${title}` : title;
}
