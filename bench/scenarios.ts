// The benchmark's scenarios: which exist, which Parley runs with its own clients, and the shared
// harness's arguments for the others (full and quick sizes).
export const ALL_SCENARIOS = ['A', 'B', 'C', 'D', 'E', 'F', 'H', 'L', 'M'] as const;
export type Scenario = (typeof ALL_SCENARIOS)[number];
/** Run against Parley alone with its own clients (bench/flood.ts, parley-load.ts, first-load.ts, media-load.ts). */
export const PARLEY_SCENARIOS = ['D', 'F', 'H', 'L', 'M'] as const satisfies readonly Scenario[];
export type ParleyScenario = (typeof PARLEY_SCENARIOS)[number];
/** Run through the shared harness, against Parley and the reference servers. */
export type HarnessScenario = Exclude<Scenario, ParleyScenario>;

export const isParleyScenario = (scenario: Scenario): scenario is ParleyScenario =>
  (PARLEY_SCENARIOS as readonly Scenario[]).includes(scenario);

export interface ScenarioPlan {
  title: string;
  args: string[];
  /** Traffic scenarios: the measurement window, for aligning the Postgres CPU samples. */
  window?: { warmupS: number; durationS: number };
  maxSeconds: number;
}

export function plan(scenario: HarnessScenario, quick: boolean, waitQuiet: number, rate: number): ScenarioPlan {
  const traffic = (rooms: number, clients: number, name: string): ScenarioPlan => {
    const deliveries = rooms * clients * (clients - 1) * rate;
    const title = `${name}: ${rooms} room${rooms > 1 ? 's' : ''} × ${clients} clients @ ${rate} msg/s (${deliveries.toLocaleString('en-US')} deliveries/s)`;
    const durationS = quick ? 5 : 20;
    const warmupS = quick ? 1 : 2;
    const drainS = 5;
    return {
      title: `${title}, ${durationS} s window after ${warmupS} s warm-up`,
      args: [
        '--rooms',
        String(rooms),
        '--clients',
        String(clients),
        '--rate',
        String(rate),
        '--duration',
        String(durationS),
        '--warmup',
        String(warmupS),
        '--drain',
        String(drainS),
      ],
      window: { warmupS, durationS },
      maxSeconds: waitQuiet + warmupS + durationS + drainS + 90,
    };
  };
  switch (scenario) {
    case 'A':
      return traffic(50, 10, 'A — fan-out');
    case 'B':
      return traffic(1, 200, 'B — hot room');
    case 'C': {
      const hold = quick ? 2 : 5;
      return {
        title: `C — idle scale: 2,000 connections in 200 rooms, awareness set, held ${hold} s`,
        args: ['--rooms', '200', '--clients', '10', '--hold', String(hold)],
        maxSeconds: waitQuiet + 150,
      };
    }
    case 'E': {
      const fill = quick ? '1000,10000' : '10000,100000';
      const fresh = quick ? '1' : '3';
      return {
        title: `E — cold sync: room filled to ${fill.replace(',', ' then ')} messages, ${fresh} fresh client sync(s) each`,
        args: ['--fill', fill, '--batch', '1000', '--fresh', fresh],
        maxSeconds: waitQuiet + (quick ? 180 : 600),
      };
    }
  }
}
