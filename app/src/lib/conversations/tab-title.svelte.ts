// Keeps the unread count in front of the tab's title, and on the installed app's icon (the
// Badging API, where the browser has it). Screens name the tab with <svelte:head><title>, which
// sets document.title whenever their title changes; the count is laid over whatever they set, so
// no screen has to know about it.
import { titleWithUnread } from './unread-title.ts';

/** The app icon's badge: the count, or none. Browsers without the Badging API (or not installed) show nothing. */
function showOnIcon(count: number): void {
  const badge = navigator as Navigator & { setAppBadge?: (count: number) => Promise<void>; clearAppBadge?: () => Promise<void> };
  // A refusal (not installed, no permission) changes nothing a person sees: the title has the count.
  const refused = (): void => {};
  if (count > 0) badge.setAppBadge?.(count).catch(refused);
  else badge.clearAppBadge?.().catch(refused);
}

/** For as long as the calling component lives, the tab's title starts with `unread()` when it is above 0. */
export function unreadInTitle(unread: () => number): void {
  const count = $derived(unread());
  /** The screen's own title, and what this last wrote: a title that differs is a screen's new one. */
  let screenTitle = document.title;
  let written = document.title;

  const write = (): void => {
    if (document.title !== written) screenTitle = document.title;
    written = titleWithUnread(screenTitle, count);
    if (document.title !== written) document.title = written;
  };

  $effect(() => {
    void count;
    write();
    showOnIcon(count);
  });

  $effect(() => {
    // Setting document.title replaces the text of <title>; a new <title> element is a change of the head.
    const observer = new MutationObserver(write);
    observer.observe(document.head, { childList: true, characterData: true, subtree: true });
    return () => {
      observer.disconnect();
      if (document.title === written) document.title = screenTitle;
    };
  });
}
