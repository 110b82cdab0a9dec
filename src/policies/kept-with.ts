/**
 * Values made once per object and key, and forgotten with the object: an ability with the matrix rows it was built
 * from, the rows concerning a body with the caller's rows. Past `most` keys for one object, the oldest is forgotten.
 */
export class KeptWith<O extends object, K, V> {
  private readonly byObject = new WeakMap<O, Map<K, V>>();

  constructor(private readonly most = Number.POSITIVE_INFINITY) {}

  get(object: O, key: K, make: () => V): V {
    let byKey = this.byObject.get(object);
    if (!byKey) this.byObject.set(object, (byKey = new Map<K, V>()));
    if (byKey.has(key)) return byKey.get(key) as V;
    if (byKey.size >= this.most) byKey.delete(byKey.keys().next().value as K);
    const value = make();
    byKey.set(key, value);
    return value;
  }
}
