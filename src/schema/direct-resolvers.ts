import { GraphQLFieldResolver, GraphQLObjectType, GraphQLSchema, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

type Storage = ReturnType<typeof getMetadataStorage>;
type ResolverMetadata = Storage['fieldResolvers'][number] | Storage['queries'][number];
type ParamMetadata = NonNullable<ResolverMetadata['params']>[number];
/** A parameter's value read from what graphql-js passes a resolver. */
type Read = (root: unknown, args: Record<string, unknown>, context: unknown, info: unknown) => unknown;
type Instance = Record<string, unknown>;
type AnyClass = abstract new (...args: never[]) => unknown;

/**
 * type-graphql calls every resolver through a wrapper that, at each call, sorts the method's parameters, looks up the
 * metadata of each argument's type by a scan of every type, converts the root and the arguments and runs the
 * middlewares: for a list's nested field that is once per row (Membership.person took 6.6 % of a 50-row page's API
 * CPU, the two handlers above it 4 %). A resolver whose parameters need nothing of that is called directly, with what
 * the wrapper would have passed:
 * - its root, where it is already of the class the method declares (another root goes through the wrapper), the
 *   context and the info, whole;
 * - an argument of a scalar or an enum, as graphql-js coerced it (the wrapper converts only input classes);
 * - the arguments of an `@ArgsType` class of such fields, made into its instance as the wrapper makes it.
 * A resolver with a middleware, a role, a validation, an input class or a renamed parameter keeps the wrapper (this
 * schema declares no middleware, role or validation: schema-build.test.ts).
 */
export function callResolversDirectly(schema: GraphQLSchema): string[] {
  const storage = getMetadataStorage();
  const instances = new Map<AnyClass, Instance>();
  const direct: string[] = [];
  const objectTypeOf = (r: ResolverMetadata): GraphQLObjectType | null | undefined => {
    if ((storage.queries as ResolverMetadata[]).includes(r)) return schema.getQueryType();
    if ((storage.mutations as ResolverMetadata[]).includes(r)) return schema.getMutationType();
    if (!('kind' in r) || r.kind !== 'external' || !r.getObjectType) return null;
    const objectClass = r.getObjectType();
    const type = schema.getType(storage.objectTypes.find((o) => o.target === objectClass)?.name ?? '');
    return isObjectType(type) ? type : null;
  };
  for (const r of [...storage.fieldResolvers, ...storage.queries, ...storage.mutations]) {
    if (r.middlewares?.length || r.roles?.length) continue;
    const type = objectTypeOf(r);
    const field = type?.getFields()[r.schemaName];
    const params = [...(r.params ?? [])].sort((a, b) => a.index - b.index);
    const values = params.map((p) => valueOf(storage, p));
    if (!type || !field?.resolve || values.some((v) => v === null)) continue;
    const rootParam = params.find((p): p is Extract<ParamMetadata, { kind: 'root' }> => p.kind === 'root');
    const declared = rootParam?.getType?.();
    if (rootParam && typeof declared !== 'function') continue;
    const rootClass = declared as AnyClass | undefined;
    const target = r.target as new () => Instance;
    // type-graphql's own container makes one instance of a resolver class and keeps it; the classes hold no state.
    const instance = instances.get(target) ?? instances.set(target, new target()).get(target)!;
    const method = instance[r.methodName] as (...values: unknown[]) => unknown;
    const wrapped = field.resolve;
    const reads = values as Read[];
    const resolve: GraphQLFieldResolver<unknown, unknown> = (root, args, context, info) => {
      if (rootClass && !(root instanceof rootClass)) return wrapped(root, args, context, info);
      return method.apply(
        instance,
        reads.map((read) => read(root, args as Record<string, unknown>, context, info)),
      );
    };
    field.resolve = resolve;
    direct.push(`${type.name}.${field.name}`);
  }
  return direct;
}

/** How a parameter is read from what graphql-js passes, where the wrapper would pass it unchanged; null where it would not. */
function valueOf(storage: Storage, p: ParamMetadata): Read | null {
  switch (p.kind) {
    case 'root':
      return p.propertyName ? null : (root) => root;
    case 'context':
      return p.propertyName ? null : (_root, _args, context) => context;
    case 'info':
      return (_root, _args, _context, info) => info;
    case 'arg': {
      if (p.validateSettings !== undefined || p.validateFn || isInputClass(storage, p.getType())) return null;
      const name = p.name;
      return (_root, args) => args[name];
    }
    case 'args': {
      const ArgsClass = p.getType() as new () => Instance;
      const names = argsFields(storage, ArgsClass);
      if (p.validateSettings !== undefined || p.validateFn || !names) return null;
      return (_root, args) => argsInstance(ArgsClass, names, args);
    }
    default:
      return null;
  }
}

function isInputClass(storage: Storage, target: unknown): boolean {
  return storage.inputTypes.some((t) => t.target === target);
}

/** The fields of an `@ArgsType` class and of the classes it extends; null where one takes an input class. */
function argsFields(storage: Storage, ArgsClass: AnyClass): string[] | null {
  const names: string[] = [];
  for (let c = ArgsClass; c.prototype !== undefined; c = Object.getPrototypeOf(c) as AnyClass) {
    for (const field of storage.argumentTypes.find((t) => t.target === c)?.fields ?? []) {
      if (isInputClass(storage, field.getType())) return null;
      names.push(field.name);
    }
  }
  return names;
}

/**
 * The instance type-graphql's wrapper makes of the arguments (its convertArgsToInstance, then convertToType): the
 * class's own instance, without the fields it leaves undefined that were not given, with the values given.
 */
function argsInstance(ArgsClass: new () => Instance, names: readonly string[], args: Record<string, unknown>): Instance {
  const given: Instance = {};
  for (const name of names) if (args[name] !== undefined) given[name] = args[name];
  const instance = new ArgsClass();
  for (const key of Object.keys(instance)) if (instance[key] === undefined && !(key in given)) delete instance[key];
  return Object.assign(instance, given);
}
