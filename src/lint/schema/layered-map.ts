const REMOVED: unique symbol = Symbol('removed');

/**
 * LayeredMap is a Map over an optional read-only parent: reads fall through to the parent,
 * writes and deletes stay in this layer. Forking a schema picture for a down section is then O(1)
 * however many tables earlier migrations created.
 *
 * @example const child = new LayeredMap(parent); child.delete('a'); parent.has('a') // still true
 */
export class LayeredMap<K, V> {
  private readonly own = new Map<K, V | typeof REMOVED>();
  /** Keys set, deleted or touched since {@link track} started a journal (see SchemaState). */
  private journal: Set<K> | undefined;

  constructor(private readonly parent?: LayeredMap<K, V>) {}

  get(key: K): V | undefined {
    const value = this.own.get(key);
    if (value === REMOVED) return undefined;
    if (value !== undefined) return value;
    return this.parent?.get(key);
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** ownsKey tells whether this layer (not the parent) holds the key's current value. */
  ownsKey(key: K): boolean {
    const value = this.own.get(key);
    return value !== undefined && value !== REMOVED;
  }

  set(key: K, value: V): void {
    this.journal?.add(key);
    this.own.set(key, value);
  }

  delete(key: K): void {
    this.journal?.add(key);
    if (this.parent?.has(key)) this.own.set(key, REMOVED);
    else this.own.delete(key);
  }

  /** touch notes a key whose value is being changed in place, for the journal. */
  touch(key: K): void {
    this.journal?.add(key);
  }

  /** track starts a new journal of changed keys and returns the previous one's keys. */
  track(): ReadonlySet<K> {
    const previous = this.journal ?? new Set<K>();
    this.journal = new Set();
    return previous;
  }

  *entries(): IterableIterator<[K, V]> {
    if (this.parent) {
      for (const [key, value] of this.parent.entries()) if (!this.own.has(key)) yield [key, value];
    }
    for (const [key, value] of this.own) if (value !== REMOVED) yield [key, value];
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  *keys(): IterableIterator<K> {
    for (const [key] of this.entries()) yield key;
  }
}
