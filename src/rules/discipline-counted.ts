import type { CeilingFacts, Discipline } from './ceiling';
import { Finding } from './finding';

type DisciplineFact = 'discipline' | 'memberDisciplined' | 'subordinateCorruption' | 'personnelViolation';
const FACTS: DisciplineFact[] = ['discipline', 'memberDisciplined', 'subordinateCorruption', 'personnelViolation'];

/**
 * Where and when a discipline counts (004 §II.7.8–7.10). A violation committed in an earlier period counts in
 * that period's rating, which the committee above re-rates (7.8), not in this one; a member's violation at a
 * previous unit counts against that unit, not against this collective (7.9); a person disciplined at both
 * counts each where and when it was committed (7.10). The standards read the facts without what does not
 * count here; a note for each says where it counts.
 */
export function disciplineCountedHere(facts: CeilingFacts): { facts: CeilingFacts; notes: Finding[] } {
  const counted: CeilingFacts = { ...facts };
  const notes: Finding[] = [];
  const drop = (fact: string, d: Discipline | undefined, clear: () => void) => {
    if (!d?.disciplined) return;
    if (d.committedInEarlierPeriod) {
      clear();
      notes.push({
        rule: 'discipline.earlier-period',
        source: '004 §II.7.8, §II.7.10',
        message: `${fact}: the violation was committed in an earlier period; it counts in that period's rating, re-rated by the committee above (reRate), not in this one`,
        messageVi: `${fact}: vi phạm xảy ra ở thời điểm trước: tính vào kết quả xếp loại của thời điểm đó (cấp ủy cấp trên trực tiếp đánh giá lại), không tính vào kỳ này`,
        figures: { fact },
      });
    } else if (d.atPreviousUnit && fact === 'memberDisciplined') {
      clear();
      notes.push({
        rule: 'discipline.previous-unit',
        source: '004 §II.7.9',
        message: `${fact}: the violation was committed at the member's previous unit; it counts against that unit, not this collective`,
        messageVi: `${fact}: vi phạm xảy ra ở cơ quan, đơn vị cũ: tính vào kết quả của cơ quan, đơn vị cũ, không quy trách nhiệm cho cơ quan, đơn vị mới`,
        figures: { fact },
      });
    }
  };
  for (const fact of FACTS) drop(fact, facts[fact], () => delete counted[fact]);
  if (facts.leaderArea)
    drop('leaderArea.corruption', facts.leaderArea.corruption, () => {
      counted.leaderArea = { ...facts.leaderArea!, corruption: undefined };
    });
  return { facts: counted, notes };
}
