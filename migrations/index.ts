import { GovernanceTree1732000000000 } from './1732000000000-governance-tree';
import { RuleParameters1732000000001 } from './1732000000001-rule-parameters';
import { RatingSubjectView1732000000002 } from './1732000000002-rating-subject-view';
import { RatingWorkflow1732000000003 } from './1732000000003-rating-workflow';
import { Reporting1732000000004 } from './1732000000004-reporting';
import { RatingSubjectJoinRemoval1732000000005 } from './1732000000005-rating-subject-join-removal';
import { ImportIdempotency1732000000006 } from './1732000000006-import-idempotency';
import { DelegationLookupIndexes1732000000007 } from './1732000000007-delegation-lookup-indexes';
import { SubjectTally1732000000008 } from './1732000000008-subject-tally';
import { RowLevelSecurity1732000000009 } from './1732000000009-row-level-security';
import { SearchIndexes1732000000010 } from './1732000000010-search-indexes';
import { RatingStageCheck1732000000011 } from './1732000000011-rating-stage-check';
import { ManagementLists1732000000012 } from './1732000000012-management-lists';
import { ReRatingBody1732000000013 } from './1732000000013-re-rating-body';
import { CommitteeSeats1732000000014 } from './1732000000014-committee-seats';
import { SuggestionDrafts1732000000015 } from './1732000000015-suggestion-drafts';
import { ConsultationCriteria1732000000016 } from './1732000000016-consultation-criteria';
import { ProfessionalRatings1732000000017 } from './1732000000017-professional-ratings';
import { NotRatedSource1732000000018 } from './1732000000018-not-rated-source';
import { AuditKeyIds1732000000019 } from './1732000000019-audit-key-ids';
import { PeerGroups1732000000020 } from './1732000000020-peer-groups';
import { CycleParts1732000000021 } from './1732000000021-cycle-parts';
import { CommitteeMembership1732000000022 } from './1732000000022-committee-membership';
import { Reverification1732000000023 } from './1732000000023-reverification';
import { RatingAnnouncements1732000000024 } from './1732000000024-rating-announcements';
import { MatrixAnnouncements1732000000025 } from './1732000000025-matrix-announcements';
import { DeadlinesMet1732000000026 } from './1732000000026-deadlines-met';
import { MembersOutsidePoliticalSystem1732000000027 } from './1732000000027-members-outside-political-system';
import { UnitVersions1732000000028 } from './1732000000028-unit-versions';
import { UnitSuccession1732000000029 } from './1732000000029-unit-succession';
import { TreeChangesIndex1732000000030 } from './1732000000030-tree-changes-index';
import { TransferOpinion1732000000031 } from './1732000000031-transfer-opinion';
import { SetBasedTriggers1732000000032 } from './1732000000032-set-based-triggers';
import { PostBodyIndex1732000000033 } from './1732000000033-post-body-index';
import { ScheduledReorganization1732000000038 } from './1732000000038-scheduled-reorganization';
import { CallerKeptAcrossRequests1732000000039 } from './1732000000039-caller-kept-across-requests';
import { MemberListOrder1732000000040 } from './1732000000040-member-list-order';
import { MemberSubjectWithoutPerson1732000000041 } from './1732000000041-member-subject-without-person';
import { PeopleSearchedInScope1732000000042 } from './1732000000042-people-searched-in-scope';
import { TallyRecountLock1732000000043 } from './1732000000043-tally-recount-lock';
import { RatingPageOrder1732000000044 } from './1732000000044-rating-page-order';
import { QuotaCountFromIndex1732000000045 } from './1732000000045-quota-count-from-index';
import { WholeCountryPageOrder1732000000046 } from './1732000000046-whole-country-page-order';
import { AuditChains1732000000047 } from './1732000000047-audit-chains';
import { PeopleSearchedWithoutAccents1732000000048 } from './1732000000048-people-searched-without-accents';
import { RatingPageKey1732000000049 } from './1732000000049-rating-page-key';
import { SubjectCodeOrder1732000000050 } from './1732000000050-subject-code-order';
import { QuotaTally1732000000051 } from './1732000000051-quota-tally';
import { PeopleInNameOrder1732000000052 } from './1732000000052-people-in-name-order';
import { NamesKnown1732000000053 } from './1732000000053-names-known';
import { SubjectTallyDefiner1732000000054 } from './1732000000054-subject-tally-definer';
import { MemberNamesWithPaths1732000000055 } from './1732000000055-member-names-with-paths';
import { MemberEligibilityInView1732000000056 } from './1732000000056-member-eligibility-in-view';
import { QuotaIndexAfterTally1732000000057 } from './1732000000057-quota-index-after-tally';
import { ScatteredScopeRole1732000000058 } from './1732000000058-scattered-scope-role';
import { TallyTriggersOneRow1732000000059 } from './1732000000059-tally-triggers-one-row';
import { AuditPathStatements1732000000060 } from './1732000000060-audit-path-statements';
import { RatingPageOrderWalked1732000000061 } from './1732000000061-rating-page-order-walked';
import { RatingProvinceOrder1732000000062 } from './1732000000062-rating-province-order';
import { RatingQuotaIndexLedByBody1732000000063 } from './1732000000063-rating-quota-index-led-by-body';
import { BodySuccession1732000000037 } from './1732000000037-body-succession';
import { MembershipMove1732000000036 } from './1732000000036-membership-move';
import { CommitteeSeatSuspension1732000000035 } from './1732000000035-committee-seat-suspension';
import { RuleParameterAnnouncements1732000000034 } from './1732000000034-rule-parameter-announcements';

/** Listed explicitly (no glob) so that compiled and ts-jest runs load the same set in the same order. */
export const migrations = [
  GovernanceTree1732000000000,
  RuleParameters1732000000001,
  RatingSubjectView1732000000002,
  RatingWorkflow1732000000003,
  Reporting1732000000004,
  RatingSubjectJoinRemoval1732000000005,
  ImportIdempotency1732000000006,
  DelegationLookupIndexes1732000000007,
  SubjectTally1732000000008,
  RowLevelSecurity1732000000009,
  SearchIndexes1732000000010,
  RatingStageCheck1732000000011,
  ManagementLists1732000000012,
  ReRatingBody1732000000013,
  CommitteeSeats1732000000014,
  SuggestionDrafts1732000000015,
  ConsultationCriteria1732000000016,
  ProfessionalRatings1732000000017,
  NotRatedSource1732000000018,
  AuditKeyIds1732000000019,
  PeerGroups1732000000020,
  CycleParts1732000000021,
  CommitteeMembership1732000000022,
  Reverification1732000000023,
  RatingAnnouncements1732000000024,
  MatrixAnnouncements1732000000025,
  DeadlinesMet1732000000026,
  MembersOutsidePoliticalSystem1732000000027,
  UnitVersions1732000000028,
  UnitSuccession1732000000029,
  TreeChangesIndex1732000000030,
  TransferOpinion1732000000031,
  SetBasedTriggers1732000000032,
  PostBodyIndex1732000000033,
  RuleParameterAnnouncements1732000000034,
  CommitteeSeatSuspension1732000000035,
  MembershipMove1732000000036,
  BodySuccession1732000000037,
  ScheduledReorganization1732000000038,
  CallerKeptAcrossRequests1732000000039,
  MemberListOrder1732000000040,
  MemberSubjectWithoutPerson1732000000041,
  PeopleSearchedInScope1732000000042,
  TallyRecountLock1732000000043,
  RatingPageOrder1732000000044,
  QuotaCountFromIndex1732000000045,
  WholeCountryPageOrder1732000000046,
  AuditChains1732000000047,
  PeopleSearchedWithoutAccents1732000000048,
  RatingPageKey1732000000049,
  SubjectCodeOrder1732000000050,
  QuotaTally1732000000051,
  PeopleInNameOrder1732000000052,
  NamesKnown1732000000053,
  SubjectTallyDefiner1732000000054,
  MemberNamesWithPaths1732000000055,
  MemberEligibilityInView1732000000056,
  QuotaIndexAfterTally1732000000057,
  ScatteredScopeRole1732000000058,
  TallyTriggersOneRow1732000000059,
  AuditPathStatements1732000000060,
  RatingPageOrderWalked1732000000061,
  RatingProvinceOrder1732000000062,
  RatingQuotaIndexLedByBody1732000000063,
];
