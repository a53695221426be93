import { describe, expect, it } from 'vitest';
import { SKIP_WAITING } from './messages.ts';
import { activateAndReload, watchForWaitingWorker, type WaitingWorker } from './update-watch.ts';

class FakeWorker extends EventTarget implements WaitingWorker {
  state: ServiceWorkerState = 'installing';
  readonly posted: unknown[] = [];

  postMessage(message: unknown): void {
    this.posted.push(message);
  }

  become(state: ServiceWorkerState): void {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeRegistration extends EventTarget {
  waiting: ServiceWorker | null = null;
  installing: ServiceWorker | null = null;

  startInstall(worker: FakeWorker): void {
    this.installing = worker as unknown as ServiceWorker;
    this.dispatchEvent(new Event('updatefound'));
  }
}

class FakeContainer extends EventTarget {
  constructor(public controller: ServiceWorker | null) {
    super();
  }
}

const controlling = () => new FakeContainer(new FakeWorker() as unknown as ServiceWorker);

function watch(registration: FakeRegistration, container: FakeContainer) {
  const offered: WaitingWorker[] = [];
  watchForWaitingWorker(registration, container, (worker) => offered.push(worker));
  return { offered };
}

describe('the update prompt', () => {
  it('offers a new version once it has installed while an older one controls the page', () => {
    const registration = new FakeRegistration();
    const { offered } = watch(registration, controlling());
    const next = new FakeWorker();
    registration.startInstall(next);
    expect(offered).toEqual([]);
    next.become('installed');
    expect(offered).toEqual([next]);
  });

  it('offers a version that was already waiting when the page loaded', () => {
    const registration = new FakeRegistration();
    const waiting = new FakeWorker();
    waiting.state = 'installed';
    registration.waiting = waiting as unknown as ServiceWorker;
    expect(watch(registration, controlling()).offered).toEqual([waiting]);
  });

  it('does not offer the first install, when no worker controls the page yet', () => {
    const registration = new FakeRegistration();
    const { offered } = watch(registration, new FakeContainer(null));
    const first = new FakeWorker();
    registration.startInstall(first);
    first.become('installed');
    first.become('activated');
    expect(offered).toEqual([]);
  });

  it('does not offer a version whose install failed', () => {
    const registration = new FakeRegistration();
    const { offered } = watch(registration, controlling());
    const broken = new FakeWorker();
    registration.startInstall(broken);
    broken.become('redundant');
    expect(offered).toEqual([]);
  });

  it('accepting asks the waiting worker to take over and reloads only once it controls the page', () => {
    const container = controlling();
    const next = new FakeWorker();
    let reloads = 0;
    activateAndReload(next, container, () => reloads++);
    expect(next.posted).toEqual([{ type: SKIP_WAITING }]);
    expect(reloads).toBe(0);
    container.dispatchEvent(new Event('controllerchange'));
    container.dispatchEvent(new Event('controllerchange'));
    expect(reloads).toBe(1);
  });
});
