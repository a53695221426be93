// Ctrl-C or SIGTERM stops the child process the bench is waiting for (a harness run, or a relay
// initialising PGlite), which then cleans up after itself; no further run starts.
import type { ChildProcess } from 'node:child_process';

let waitingFor: ChildProcess | undefined;
let stopping = false;

export const interrupted = (): boolean => stopping;

/** The child a signal stops from now on; undefined once it has exited. */
export function track(child: ChildProcess | undefined): void {
  waitingFor = child;
}

export function stopOnSignals(): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.error(`bench: ${signal}; stopping the current harness run`);
    waitingFor?.kill('SIGTERM'); // the harness stops its own server and workers; runOne then cleans up
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
