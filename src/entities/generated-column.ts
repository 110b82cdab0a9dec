import type { ColumnOptions } from 'typeorm';

/**
 * A text column in "C" that PostgreSQL generates (its migration says from what): the entity never writes nor reads it.
 * Not declared generated: TypeORM would then keep a table of its own (`typeorm_metadata`) in every database to track it.
 */
export const generatedText = (name: string): ColumnOptions => ({
  name,
  type: 'text',
  collation: 'C',
  nullable: true,
  insert: false,
  update: false,
  select: false,
});
