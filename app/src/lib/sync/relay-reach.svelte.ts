// Whether the signed-in app can reach the relay: told by the (app) layout from the inbox's
// connection, read by the connection banner, which sits above every screen. Its own module, so the
// banner does not pull the inbox (and Yjs) into the first paint.
class RelayReach {
  /** The last attempt to reach the relay failed; false when signed out (nothing tries). */
  unreachable = $state(false);
}

export const relayReach = new RelayReach();
