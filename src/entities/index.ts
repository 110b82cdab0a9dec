import { Body } from './body';
import { Collective } from './collective';
import { Cycle } from './cycle';
import { CycleDeadline } from './cycle-deadline';
import { Delegation } from './delegation';
import { Membership } from './membership';
import { Person } from './person';
import { Post } from './post';
import { RuleParametersRow } from './rule-parameters';
import { Unit } from './unit';

export { Body, Collective, Cycle, CycleDeadline, Delegation, Membership, Person, Post, RuleParametersRow, Unit };
export const entities = [Unit, Body, Collective, Person, Membership, Post, Cycle, CycleDeadline, Delegation, RuleParametersRow];
