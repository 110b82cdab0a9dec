import { DataSource } from 'typeorm';
import { signDevToken } from '../auth/tokens';
import type { Config } from '../config';

/** The ward whose 2024 ratings the demo fills, so that reports, forms and spreadsheets are not empty on the first start. */
export const DEMO_ACTIVITY = { cycle: '2024', ward: 'HT-TP-NH', decider: 'HT-TP-NH-BT' } as const;

const MEMBER_CRITERIA = [
  { id: 'I1', grade: 'GOOD' },
  { id: 'I2', grade: 'OUTSTANDING' },
  { id: 'I7', grade: 'GOOD' },
];

/**
 * A cycle at realistic stages, taken through the API as its people would (every step checked and
 * audited): in the ward's first branches the members are assessed, reviewed, proposed, decided (one in
 * ten EXCELLENT, within the quota) and published; in the next one decided, not yet published; in the
 * next one only self-assessed; the rest not started — late against the cycle's deadline.
 */
export async function runDemoActivity(
  url: string,
  config: Config,
  owner: DataSource,
  log: (line: string) => void,
): Promise<{ published: number; decided: number; inProgress: number }> {
  const call = async (as: string, query: string, variables: Record<string, unknown>) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${signDevToken(as, config)}` },
      body: JSON.stringify({ query, variables }),
    });
    const json = (await res.json()) as { data?: Record<string, { rating?: { id: string }; userErrors?: unknown[] }>; errors?: unknown[] };
    const payload = json.data && Object.values(json.data)[0];
    if (json.errors || payload?.userErrors?.length)
      throw new Error(`demo activity: ${JSON.stringify(json.errors ?? payload?.userErrors).slice(0, 300)}`);
    return payload?.rating?.id as string;
  };
  const step = (name: string) =>
    `mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { rating { id } userErrors { code message } } }`;
  const branches: { code: string; secretary: string; members: { code: string; membership: string }[] }[] = await owner.query(
    `SELECT b.code, (SELECT po.code FROM post po WHERE po.unit_id = b.id AND po.category = 'BRANCH_SECRETARY' LIMIT 1) AS secretary,
            COALESCE((SELECT json_agg(json_build_object('code', p.code, 'membership', m.id::text) ORDER BY p.code) FROM membership m JOIN person p ON p.id = m.person_id
                       WHERE m.branch_id = b.id AND m.status = 'OFFICIAL' AND m.admitted_on < '2024-01-01' AND NOT EXISTS (SELECT 1 FROM post WHERE person_id = p.id)), '[]') AS members
       FROM unit b JOIN unit w ON w.id = b.parent_id WHERE w.code = $1 AND b.kind = 'PARTY_BRANCH' ORDER BY b.code LIMIT 4`,
    [DEMO_ACTIVITY.ward],
  );
  const counts = { published: 0, decided: 0, inProgress: 0 };
  for (const [i, branch] of branches.entries()) {
    // A dozen members a branch: enough for the reports to show every stage, quick enough for a first start.
    for (const [j, m] of branch.members.slice(0, 12).entries()) {
      const subject = Buffer.from(`Membership:${m.membership}`).toString('base64url');
      const rating = await call(m.code, step('openRating'), { input: { cycle: DEMO_ACTIVITY.cycle, subject } });
      if (i === 3) continue; // the fourth branch has not started: late against the deadline
      await call(m.code, step('submitSelfAssessment'), {
        input: { rating, criteria: MEMBER_CRITERIA, selfLevel: 'GOOD', targets: { total: 10, done: 10, exceeded: 5 } },
      });
      if (i === 2) {
        counts.inProgress += 1;
        continue;
      }
      await call(m.code, step('recordReview'), { input: { rating, heldOn: '2024-11-20', draftSentOn: '2024-11-13' } });
      const level = j % 10 === 9 ? 'EXCELLENT' : 'GOOD';
      const votes = level === 'EXCELLENT' ? { excellent: 2 } : { good: 2 };
      await call(branch.secretary, step('proposeRating'), { input: { rating, level, ballots: { convened: 2, ...votes } } });
      await call(DEMO_ACTIVITY.decider, step('decideRating'), {
        input: { rating, level, ballots: { convened: 2, ...votes }, decisionRef: `${j + 1}-QĐ/ĐU` },
      });
      counts.decided += 1;
      if (i === 0) {
        await call(DEMO_ACTIVITY.decider, step('publishRating'), { input: { rating } });
        counts.published += 1;
      }
    }
  }
  log(
    `demo activity (${DEMO_ACTIVITY.ward}, ${DEMO_ACTIVITY.cycle}): ${counts.decided} decided (${counts.published} published), ${counts.inProgress} in progress, the rest not started`,
  );
  return counts;
}
