import { GovernanceTree1732000000000 } from './1732000000000-governance-tree';
import { RuleParameters1732000000001 } from './1732000000001-rule-parameters';
import { RatingSubjectView1732000000002 } from './1732000000002-rating-subject-view';
import { RatingWorkflow1732000000003 } from './1732000000003-rating-workflow';
import { Reporting1732000000004 } from './1732000000004-reporting';
import { RatingSubjectJoinRemoval1732000000005 } from './1732000000005-rating-subject-join-removal';
import { ImportIdempotency1732000000006 } from './1732000000006-import-idempotency';
import { DelegationLookupIndexes1732000000007 } from './1732000000007-delegation-lookup-indexes';
import { SubjectTally1732000000008 } from './1732000000008-subject-tally';

/** Listed explicitly (no glob) so that compiled and ts-jest runs load the same set in the same order. */
export const migrations = [GovernanceTree1732000000000, RuleParameters1732000000001, RatingSubjectView1732000000002, RatingWorkflow1732000000003,
  Reporting1732000000004, RatingSubjectJoinRemoval1732000000005, ImportIdempotency1732000000006,
  DelegationLookupIndexes1732000000007, SubjectTally1732000000008];
