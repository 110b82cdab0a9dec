import fs from 'node:fs';
import { Client } from 'pg';
import { KeptAcrossRequests } from '../../src/db/kept-across-requests';
import { RatingBus } from '../../src/live/rating-bus';

/**
 * The values kept across requests rest on hearing every change: a LISTEN connection that stops answering without
 * closing (a half-open connection, here its backend stopped) must be taken as lost, reopened, and what was kept forgotten.
 */
describe('the rating bus’s heartbeat', () => {
  const url = process.env.TEST_DATABASE_URL as string;
  const name = `rating-live-heartbeat-${process.pid}`;
  let admin: Client;
  beforeAll(async () => {
    admin = new Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(() => admin.end());

  const backends = async () =>
    (await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [name])).rows.map((r) => r.pid);

  it('reopens a connection that stops answering, and forgets what was kept', async () => {
    const bus = new RatingBus(url, { everyMs: 100, answerWithinMs: 300 }, name);
    await bus.start();
    const [frozen] = await backends();
    expect(frozen).toBeGreaterThan(0);
    // Only where PostgreSQL runs on this machine can its backend be stopped (the test's embedded server, CI's service).
    if (!fs.existsSync(`/proc/${frozen}`)) return bus.stop();
    const kept = new KeptAcrossRequests<string>();
    kept.set('caller', 'scope');
    process.kill(frozen, 'SIGSTOP');
    try {
      // Taken as lost after 0.1 + 0.3 s, reopened 1 s later; what was kept is forgotten once it listens again, a moment after
      // its backend shows (CI's loaded machine checked in between and found the value still kept).
      const deadline = Date.now() + 15_000;
      let reopened: number[] = [];
      while ((!reopened.length || kept.get('caller') !== null) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        reopened = (await backends()).filter((pid) => pid !== frozen);
      }
      expect(reopened).toHaveLength(1);
      expect(kept.get('caller')).toBeNull();
    } finally {
      process.kill(frozen, 'SIGCONT');
      await admin.query(`SELECT pg_terminate_backend($1)`, [frozen]);
      await bus.stop();
    }
  }, 30_000);
});
