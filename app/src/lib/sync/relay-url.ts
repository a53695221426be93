// The relay serves the app, so its sync endpoint is on the page's own host.
export function relayBaseUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
}
