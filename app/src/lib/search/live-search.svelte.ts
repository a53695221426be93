// A search field's answers as the user types: only the newest question's answer is kept, as
// answers can come back out of order, and a failure is said in words the screen chooses.

export class LiveSearch<T> {
  /** The answer to `answered`; null while none is in for the current question. */
  results = $state.raw<T | null>(null);
  /** The question `results` answers. */
  answered = $state('');
  error = $state<string | null>(null);
  #latest = 0;

  constructor(
    private readonly ask: (q: string) => Promise<T>,
    private readonly describe: (error: unknown) => string,
  ) {}

  /** Whether anything was asked yet (the first question need not wait for a pause). */
  get started(): boolean {
    return this.#latest > 0;
  }

  async run(q: string): Promise<void> {
    const asked = ++this.#latest;
    try {
      const answer = await this.ask(q);
      if (asked !== this.#latest) return;
      this.results = answer;
      this.answered = q;
      this.error = null;
    } catch (caught) {
      if (asked !== this.#latest) return;
      this.results = null;
      this.error = this.describe(caught);
    }
  }

  /** No question: forgets the answer, and any answer still on its way. */
  clear(): void {
    this.#latest++;
    this.results = null;
    this.error = null;
  }
}
