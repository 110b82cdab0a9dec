import 'reflect-metadata';
import { GraphQLObjectType, graphql } from 'graphql';
import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  InputType,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
  buildSchemaSync,
} from 'type-graphql';
import { callResolversDirectly } from '../../src/schema/direct-resolvers';
import { buildApiSchema } from '../../src/schema/build-schema';

/** What a method received, as a client can read it back: its class, its own keys and their values. */
const described = (x: object) => JSON.stringify({ class: x.constructor.name, keys: Object.keys(x), values: x });

@ArgsType()
class WindowBase {
  @Field(() => Int, { nullable: true }) first?: number | null;
}

@ArgsType()
class WindowArgs extends WindowBase {
  @Field(() => String, { nullable: true }) after?: string | null;
  @Field(() => Int) size: number = 7;
  @Field(() => [String], { nullable: true }) kinds?: string[] | null;
}

@InputType()
class Filter {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => Int) limit: number = 3;
}

@ObjectType()
class Item {
  @Field() code: string;
}

@Resolver(() => Item)
class ItemResolver {
  @Query(() => String)
  directWindow(@Args() w: WindowArgs) {
    return described(w);
  }

  @Query(() => String)
  directFilter(@Arg('filter', () => Filter) f: Filter) {
    return described(f);
  }

  @Query(() => [Item])
  directItems(@Arg('code') code: string) {
    // One root of the declared class, one plain object: the second goes through type-graphql's wrapper.
    return [Object.assign(new Item(), { code }), { code: `${code}-plain` }];
  }

  @FieldResolver(() => String)
  label(@Root() item: Item, @Ctx() ctx: { prefix: string }) {
    return `${ctx.prefix}${item.code} ${item instanceof Item}`;
  }
}

const build = () => buildSchemaSync({ resolvers: [ItemResolver], validate: false });

describe('resolvers called directly', () => {
  const wrapped = build();
  const direct = build();
  const called = callResolversDirectly(direct);

  it('are those whose parameters need nothing of type-graphql: root, context, scalars, an argument class of scalars', () => {
    expect(called).toEqual(expect.arrayContaining(['Item.label', 'Query.directWindow', 'Query.directItems']));
    expect(called).not.toContain('Query.directFilter');
  });

  it.each([
    ['{ directWindow(size: 2) }'],
    ['{ directWindow(first: 5, after: "x", size: 2, kinds: ["a", "b"]) }'],
    ['{ directWindow(first: null, size: 2) }'],
    ['{ directFilter(filter: { limit: 1 }) }'],
    ['{ directItems(code: "A") { code label } }'],
  ])('answer %s as type-graphql’s wrapper answers it', async (source) => {
    const contextValue = { prefix: '>' };
    const [a, b] = await Promise.all([
      graphql({ schema: wrapped, source, contextValue }),
      graphql({ schema: direct, source, contextValue }),
    ]);
    expect(a.errors).toBeUndefined();
    expect(b).toEqual(a);
  });

  it('give an argument class its defaults and no key for a field not given, as the wrapper does', async () => {
    const { data } = await graphql({ schema: direct, source: '{ directWindow(size: 2, first: 1) }' });
    expect(JSON.parse(data!.directWindow as string)).toEqual({
      class: 'WindowArgs',
      keys: ['first', 'size'],
      values: { first: 1, size: 2 },
    });
  });

  it('cover the API’s nested row fields and its queries, and leave its mutations of input classes to type-graphql', () => {
    const schema = buildApiSchema();
    const resolverOf = (type: string, field: string) => (schema.getType(type) as GraphQLObjectType).getFields()[field].resolve!;
    const directName = resolverOf('Membership', 'person').name;
    for (const [type, field] of [
      ['Rating', 'subject'],
      ['Query', 'unit'],
      ['Unit', 'members'],
    ])
      expect(resolverOf(type, field).name).toBe(directName);
    expect(resolverOf('Mutation', 'decideRating').name).not.toBe(directName);
  });
});
