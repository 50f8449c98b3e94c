/** A set of strings that forgets its oldest entries beyond `max`. */
export class RecentSet {
  private readonly items = new Set<string>();
  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  /** Adds `key`, evicting the oldest entry when full. */
  add(key: string): void {
    this.items.delete(key);
    this.items.add(key);
    if (this.items.size > this.max) this.items.delete(this.items.values().next().value!);
  }

  /** True when `key` is among the remembered entries. */
  has(key: string): boolean {
    return this.items.has(key);
  }
}
