import type { EntityClass } from '../db/columns';
import { AuditEvent } from './audit-event';
import { AuditHead } from './audit-head';
import { Body } from './body';
import { BodySuccession } from './body-succession';
import { Collective } from './collective';
import { CommitteeSeat } from './committee-seat';
import { Complaint } from './complaint';
import { Consultation } from './consultation';
import { Cycle } from './cycle';
import { DeadlineMet } from './deadline-met';
import { CycleDeadline } from './cycle-deadline';
import { Delegation } from './delegation';
import { ImportRun } from './import-run';
import { KnownName } from './known-name';
import { ManagementList } from './management-list';
import { Membership } from './membership';
import { MembershipMove } from './membership-move';
import { Person } from './person';
import { Post } from './post';
import { ProfessionalRating } from './professional-rating';
import { QuotaRaise } from './quota-raise';
import { QuotaTally } from './quota-tally';
import { Rating } from './rating';
import { ReviewSuggestion } from './review-suggestion';
import { RuleParametersRow } from './rule-parameters';
import { ScheduledReorganization } from './scheduled-reorganization';
import { SubjectTally } from './subject-tally';
import { Unit } from './unit';
import { UnitSuccession } from './unit-succession';
import { UnitVersion } from './unit-version';

export {
  AuditEvent,
  AuditHead,
  Body,
  BodySuccession,
  Collective,
  CommitteeSeat,
  Complaint,
  Consultation,
  Cycle,
  CycleDeadline,
  DeadlineMet,
  Delegation,
  ImportRun,
  KnownName,
  ManagementList,
  Membership,
  MembershipMove,
  Person,
  Post,
  ProfessionalRating,
  QuotaRaise,
  QuotaTally,
  Rating,
  ReviewSuggestion,
  RuleParametersRow,
  ScheduledReorganization,
  SubjectTally,
  Unit,
  UnitSuccession,
  UnitVersion,
};

/** One entity a table: the one place each table's columns and their types are named (see src/db/columns.ts). */
export const entities: EntityClass<unknown>[] = [
  Unit,
  UnitVersion,
  UnitSuccession,
  Body,
  BodySuccession,
  Collective,
  Person,
  Membership,
  MembershipMove,
  Post,
  KnownName,
  CommitteeSeat,
  Cycle,
  CycleDeadline,
  DeadlineMet,
  Delegation,
  ManagementList,
  RuleParametersRow,
  Rating,
  Consultation,
  ReviewSuggestion,
  Complaint,
  ProfessionalRating,
  QuotaRaise,
  ScheduledReorganization,
  SubjectTally,
  QuotaTally,
  AuditEvent,
  AuditHead,
  ImportRun,
];
