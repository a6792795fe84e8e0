import { drainBatches, PollingLoop } from './polling-loop';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PollingLoop', () => {
  it('runs at once and again after each pause, never two runs at the same time, and logs a failure without stopping', async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const warnings: string[] = [];
    const loop = new PollingLoop({
      name: 'test sweep',
      intervalMs: () => 5,
      logger: { warn: (_details, message) => warnings.push(message) },
      work: async () => {
        runs++;
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await tick(10);
        concurrent--;
        if (runs === 2) throw new Error('database away');
      },
    });
    loop.start();
    await tick(80);
    await loop.stop();
    const after = runs;
    await tick(30);
    expect(after).toBeGreaterThanOrEqual(3);
    expect(runs).toBe(after);
    expect(maxConcurrent).toBe(1);
    expect(warnings).toEqual(['test sweep failed; retrying']);
  });

  it('lets stop wait for the run in progress', async () => {
    let finished = false;
    const loop = new PollingLoop({ name: 'slow', intervalMs: () => 1000, logger: { warn: () => undefined }, work: () => tick(30).then(() => (finished = true)) });
    loop.start();
    await tick(5);
    await loop.stop();
    expect(finished).toBe(true);
  });
});

describe('drainBatches', () => {
  it('stops at the first short batch and adds up what all batches settled', async () => {
    const sizes = [100, 100, 40, 100];
    let call = 0;
    expect(await drainBatches(async () => sizes[call++], 100)).toBe(240);
    expect(call).toBe(3);
  });
});
