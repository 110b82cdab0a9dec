import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { RuleParameterOverrides } from '../rules/packs/effective-pack';

/** Parameters a locality sets for a cycle; they apply to its subtree over the cycle's rule pack. */
@Entity('rule_parameters')
@Index('rule_parameters_key', ['cycleId', 'unitId'], { unique: true })
export class RuleParametersRow {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'cycle_id', type: 'bigint' })
  cycleId: string;

  @Column({ name: 'unit_id', type: 'bigint' })
  unitId: string;

  @Column({ type: 'jsonb' })
  parameters: RuleParameterOverrides;

  @Column({ type: 'text' })
  source: string;
}
