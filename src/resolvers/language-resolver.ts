import { isEnumType } from 'graphql';
import { Ctx as Context, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../context';
import { VOCABULARY_VI } from '../documents/vocabulary-vi';
import { UserError } from '../schema/payloads';
import { FindingType } from '../schema/rules-types';
import { buildApiSchema } from '../schema/build-schema';

@ObjectType('VocabularyValue')
class VocabularyValueType {
  @Field() value: string;
  @Field({ description: 'The term in Vietnamese, as the texts and the forms use it.' }) labelVi: string;
  @Field(() => String, { nullable: true }) description: string | null;
}

@ObjectType('Vocabulary', { description: 'An enum of the schema with the Vietnamese label of each value.' })
class VocabularyType {
  @Field() name: string;
  @Field(() => [VocabularyValueType]) values: VocabularyValueType[];
}

/** The Vietnamese answer to `Accept-Language: vi` where a rule gives one; English otherwise. */
const inLanguage = (ctx: Ctx, en: string, vi: string | null | undefined) => (ctx.trace.language === 'vi' && vi ? vi : en);

@Resolver(() => UserError)
export class UserErrorLanguageResolver {
  @FieldResolver(() => String)
  message(@Root() e: UserError, @Context() ctx: Ctx): string {
    return inLanguage(ctx, e.message, e.messageVi);
  }
}

@Resolver(() => FindingType)
export class FindingLanguageResolver {
  @FieldResolver(() => String)
  message(@Root() f: FindingType, @Context() ctx: Ctx): string {
    return inLanguage(ctx, f.message, f.messageVi);
  }
}

@Resolver()
export class VocabularyResolver {
  @Query(() => [VocabularyType], {
    description: 'Every enum of the schema with the Vietnamese label of each value, for screens and documents.',
  })
  vocabulary(): VocabularyType[] {
    return Object.values(buildApiSchema().getTypeMap())
      .filter(isEnumType)
      .filter((e) => !e.name.startsWith('__'))
      .map((e) => ({
        name: e.name,
        values: e
          .getValues()
          .map((v) => ({ value: v.name, labelVi: VOCABULARY_VI[e.name]?.[v.name] ?? v.name, description: v.description ?? null })),
      }));
  }
}
