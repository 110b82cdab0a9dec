import { Body } from './body';
import { Collective } from './collective';
import { CommitteeSeat } from './committee-seat';
import { Cycle } from './cycle';
import { CycleDeadline } from './cycle-deadline';
import { Delegation } from './delegation';
import { ManagementList } from './management-list';
import { Membership } from './membership';
import { Person } from './person';
import { Post } from './post';
import { RuleParametersRow } from './rule-parameters';
import { Unit } from './unit';

export {
  Body,
  Collective,
  CommitteeSeat,
  Cycle,
  CycleDeadline,
  Delegation,
  ManagementList,
  Membership,
  Person,
  Post,
  RuleParametersRow,
  Unit,
};
export const entities = [
  Unit,
  Body,
  Collective,
  Person,
  Membership,
  Post,
  Cycle,
  CycleDeadline,
  Delegation,
  ManagementList,
  RuleParametersRow,
  CommitteeSeat,
];
