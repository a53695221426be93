// This device's presence, typing and read position on the conversation's newest segment, and the
// other members' as awareness carries them. It moves to a new segment when the conversation rolls
// over, and keeps the furthest position it saw of each member while the conversation is open.
import type { Awareness } from 'y-protocols/awareness';
import { IDLE_TYPING, nextTyping, type AwarenessState, type Peer, type TypingSignal } from '#model/index.ts';
import { livePeers } from './live-peers.ts';
import { advanceLive, type ReadPositions } from './read-receipts.ts';

export class AwarenessChannel {
  /** The other members with this conversation open. */
  peers = $state.raw<Peer[]>([]);
  /** The furthest read position seen live of each other member, with when it was seen. */
  livePositions = $state.raw<ReadPositions>(new Map());

  #awareness: Awareness | null = null;
  #local: AwarenessState = { presence: 'online', typing: false, readUpTo: null };
  #typing: TypingSignal = IDLE_TYPING;
  readonly #ticker: ReturnType<typeof setInterval>;

  constructor(
    readonly userId: string,
    /** Called when a member read further, which turns messages of mine 'read'. */
    readonly onReadFurther: () => void,
  ) {
    this.#ticker = setInterval(this.#tick, 1_000);
  }

  /** Publishes on `awareness` (the newest segment's) from now on, leaving the previous one. */
  follow(awareness: Awareness): void {
    if (awareness === this.#awareness) return;
    this.#leave();
    this.#awareness = awareness;
    awareness.on('change', this.#read);
    awareness.setLocalState(this.#local);
    this.#read();
  }

  /** The user typed in the composer ('input') or sent a message ('send'). */
  typed(event: 'input' | 'send'): void {
    this.#typed(event);
  }

  setPresence(presence: AwarenessState['presence']): void {
    this.#publish({ presence });
  }

  /** The newest message the user has in front of them; only moves forward. */
  setReadUpTo(hlc: string): void {
    if (this.#local.readUpTo === null || hlc > this.#local.readUpTo) this.#publish({ readUpTo: hlc });
  }

  close(): void {
    clearInterval(this.#ticker);
    this.#leave();
  }

  #leave(): void {
    if (!this.#awareness) return;
    this.#awareness.off('change', this.#read);
    this.#awareness.setLocalState(null);
    this.#awareness = null;
  }

  #typed(event: 'input' | 'send' | 'tick'): void {
    const { signal, publish } = nextTyping(this.#typing, event, Date.now());
    this.#typing = signal;
    if (publish) this.#publish({ typing: signal.typing });
  }

  #tick = (): void => {
    this.#typed('tick');
    // A peer whose typing flag went stale (their tab closed mid-word) stops showing as typing.
    this.#read();
  };

  #publish(change: Partial<AwarenessState>): void {
    this.#local = { ...this.#local, ...change };
    this.#awareness?.setLocalState(this.#local);
  }

  #read = (): void => {
    if (!this.#awareness) return;
    const peers = livePeers(this.#awareness, this.userId, Date.now());
    if (JSON.stringify(peers) !== JSON.stringify(this.peers)) this.peers = peers;
    const advanced = advanceLive(this.livePositions, peers, Date.now());
    if (!advanced) return;
    this.livePositions = advanced;
    this.onReadFurther();
  };
}
