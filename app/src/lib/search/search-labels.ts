// What the search screen says about a result and about a search that failed.
import { ApiError, errorMessage } from '../api/request.ts';

const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const yearFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/** When a result was sent: the time today, the day this year, else the day and year. */
export function sentLabel(sentAt: Date, now = new Date()): string {
  if (sentAt.toDateString() === now.toDateString()) return timeFormat.format(sentAt);
  return (sentAt.getFullYear() === now.getFullYear() ? dayFormat : yearFormat).format(sentAt);
}

/** Search runs on the relay only (a device-side index is later): offline, it says so. */
export function searchFailure(caught: unknown): string {
  return caught instanceof ApiError && caught.isNetwork ? 'Search needs the server: connect and try again.' : errorMessage(caught);
}
