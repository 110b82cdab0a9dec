import { Entity, Index } from 'typeorm';
import { Succession } from './succession';

/** A body that ended in a merger and the body it maps onto, from a day: its quota scopes continue there (migration 0037). */
@Entity('body_succession')
@Index('body_succession_successor', ['successorId'])
export class BodySuccession extends Succession {}
