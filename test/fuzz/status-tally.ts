/**
 * Counts answers by status, so a fuzz test can show that its cases reached both sides of the
 * route — accepted and refused — and not only its first check.
 */
export class StatusTally {
  private readonly counts = new Map<number, number>();

  add(status: number): void {
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
  }

  count(predicate: (status: number) => boolean): number {
    let total = 0;
    for (const [status, count] of this.counts) if (predicate(status)) total += count;
    return total;
  }

  get accepted(): number {
    return this.count((status) => status < 300);
  }

  get refused(): number {
    return this.count((status) => status >= 400);
  }

  toString(): string {
    return [...this.counts]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
  }
}
