// How a WebSocket to the relay carries its access token. The app sends it as a WebSocket
// subprotocol (the Sec-WebSocket-Protocol header), which browsers keep out of console errors and
// proxies keep out of their access logs; the relay answers with SYNC_SUBPROTOCOL, never echoing
// the token. Stock y-websocket providers put it in the query (`?token=`), which stays the
// fallback: a header token wins when a socket carries both.
/** The subprotocol the relay selects for a Parley client. */
export const SYNC_SUBPROTOCOL = 'parley.sync';

const TOKEN_PREFIX = 'parley.token.';

/** The subprotocols a client offers to send `token`: a JWT's characters are all valid there. */
export function tokenProtocols(token: string): string[] {
  return [SYNC_SUBPROTOCOL, `${TOKEN_PREFIX}${token}`];
}

/** The token a socket carries: from its offered subprotocols (the header's value), else from `?token=`. */
export function connectionToken(protocolHeader: string | undefined, url: URL): string | undefined {
  for (const offered of protocolHeader?.split(',') ?? []) {
    const protocol = offered.trim();
    if (protocol.startsWith(TOKEN_PREFIX) && protocol.length > TOKEN_PREFIX.length) return protocol.slice(TOKEN_PREFIX.length);
  }
  return url.searchParams.get('token') ?? undefined;
}

/** The subprotocol the relay answers with, or false when the client offered none of Parley's. */
export function selectedProtocol(offered: ReadonlySet<string>): string | false {
  return offered.has(SYNC_SUBPROTOCOL) ? SYNC_SUBPROTOCOL : false;
}
