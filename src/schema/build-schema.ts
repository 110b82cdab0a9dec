import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { buildSchemaSync, getMetadataStorage, PubSub } from 'type-graphql';
import { AuditResolver } from '../resolvers/audit-resolver';
import { AuthorityChainResolver, AuthorityFieldsResolver, AuthorityResolver } from '../resolvers/authority-resolver';
import { ComplaintResolver, RatingComplaintsResolver } from '../resolvers/complaint-resolver';
import { CoverageGapResolver, CoverageResolver, CoveringRowResolver, ReportCoverageResolver } from '../resolvers/coverage-resolver';
import { CycleResolver, DelegationResolver } from '../resolvers/cycle-resolver';
import { ImportResolver } from '../resolvers/import-resolver';
import { FollowUpResolver } from '../resolvers/follow-up-resolver';
import { ReportFieldsResolver, ReportResolver } from '../resolvers/report-resolver';
import { RulesResolver } from '../resolvers/rules-resolver';
import { ConsultationResolver, DossierItemResolver, ReviewSuggestionResolver, WorkflowResolver } from '../resolvers/workflow-resolver';
import { NodeResolver } from '../resolvers/node-resolver';
import { LiveResolver } from '../resolvers/live-resolver';
import { FindingLanguageResolver, UserErrorLanguageResolver, VocabularyResolver } from '../resolvers/language-resolver';
import {
  CollectiveProfessionalRatingResolver,
  ProfessionalRatingResolver,
  UnitProfessionalRatingResolver,
} from '../resolvers/professional-rating-resolver';
import { MembershipResolver, PersonResolver, PostResolver } from '../resolvers/people-resolver';
import { BodyResolver, CollectiveResolver, UnitResolver, UnitSuccessionResolver, UnitVersionResolver } from '../resolvers/tree-resolver';
import { CycleType, DelegationType } from './cycle-types';
import { callResolversDirectly } from './direct-resolvers';
import { MembershipType, PersonType, PostType } from './people-types';
import { BodyType, CollectiveType, UnitType } from './tree-types';
import { ReorganizationResolver } from '../resolvers/reorganization-resolver';
import { TransferOpinionResolver } from '../resolvers/transfer-opinion-resolver';

let cached: GraphQLSchema | null = null;

/** Every subscription names its own source (the RatingBus, read through the subscriber's scope); no resolver publishes by topic. */
const NO_TOPICS: PubSub = {
  publish: () => {
    throw new Error('subscriptions read the RatingBus; nothing publishes by topic');
  },
  subscribe: () => {
    throw new Error('subscriptions read the RatingBus; nothing subscribes by topic');
  },
};

/**
 * Fields without a resolver of their own are read by graphql-js's default resolver. type-graphql would wrap each in
 * a resolver of its own for middlewares and the auth checker, which this schema declares none of
 * (test/unit/schema-build.test.ts): an object and a call per field of every row shown.
 */
function readPlainFieldsPlainly(): void {
  for (const type of getMetadataStorage().objectTypes) type.simpleResolvers ??= true;
}

/** The GraphQL schema, built once per process from the resolver classes. */
export function buildApiSchema(): GraphQLSchema {
  if (cached) return cached;
  readPlainFieldsPlainly();
  cached = buildSchemaSync({
    resolvers: [
      NodeResolver,
      UnitResolver,
      UnitVersionResolver,
      UnitSuccessionResolver,
      ReorganizationResolver,
      TransferOpinionResolver,
      BodyResolver,
      CollectiveResolver,
      PersonResolver,
      MembershipResolver,
      PostResolver,
      CycleResolver,
      DelegationResolver,
      ImportResolver,
      RulesResolver,
      AuthorityResolver,
      AuthorityChainResolver,
      AuthorityFieldsResolver,
      WorkflowResolver,
      ConsultationResolver,
      ReviewSuggestionResolver,
      DossierItemResolver,
      FollowUpResolver,
      ReportResolver,
      ReportFieldsResolver,
      CoverageResolver,
      CoverageGapResolver,
      CoveringRowResolver,
      ReportCoverageResolver,
      ProfessionalRatingResolver,
      UnitProfessionalRatingResolver,
      CollectiveProfessionalRatingResolver,
      AuditResolver,
      ComplaintResolver,
      RatingComplaintsResolver,
      LiveResolver,
      UserErrorLanguageResolver,
      FindingLanguageResolver,
      VocabularyResolver,
    ],
    orphanedTypes: [UnitType, BodyType, CollectiveType, PersonType, MembershipType, PostType, CycleType, DelegationType],
    validate: false,
    emitSchemaFile: false,
    pubSub: NO_TOPICS,
  });
  callResolversDirectly(cached);
  return cached;
}
