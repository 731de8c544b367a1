/**
 * Participants entered per arm and UTC day, counted while rows stream past:
 * memory grows with the number of days, never with the participants. Reads
 * the day straight off the ISO 8601 entry time (`2026-11-01T09:00:00.000Z`),
 * so a million rows cost a million string slices, not a million dates.
 *
 * @example
 * const enrolment = new EnrolmentByDay(['control', 'low-anchor']);
 * enrolment.add('control', '2026-03-01T10:00:00.000Z');
 * enrolment.cumulative(); // => [{ arm: 'control', days: [{ day: '2026-03-01', participants: 1 }] }, { arm: 'low-anchor', days: [{ day: '2026-03-01', participants: 0 }] }]
 */
export class EnrolmentByDay {
  private readonly armIndex: Map<string, number>;
  private readonly countsByDay = new Map<string, Float64Array>();

  constructor(private readonly arms: readonly string[]) {
    this.armIndex = new Map(arms.map((arm, index) => [arm, index]));
  }

  /** Counts one participant of `arm` who entered at `enteredAt` (ISO 8601, UTC); unknown arms are left out. */
  add(arm: string, enteredAt: string): void {
    this.addCount(arm, enteredAt.slice(0, 10), 1);
  }

  /** Counts `participants` of `arm` who entered on `day` (YYYY-MM-DD, UTC) at once, as a database groups them; unknown arms are left out. */
  addCount(arm: string, day: string, participants: number): void {
    const index = this.armIndex.get(arm);
    if (index === undefined) return;
    let counts = this.countsByDay.get(day);
    if (!counts) this.countsByDay.set(day, (counts = new Float64Array(this.arms.length)));
    counts[index]! += participants;
  }

  /** How many days have at least one participant. */
  get dayCount(): number {
    return this.countsByDay.size;
  }

  /** Per arm, the running total at the end of each day with entries, days in order. */
  cumulative(): { arm: string; days: { day: string; participants: number }[] }[] {
    const days = [...this.countsByDay.keys()].sort();
    return this.arms.map((arm, index) => {
      let total = 0;
      return { arm, days: days.map((day) => ({ day, participants: (total += this.countsByDay.get(day)![index]!) })) };
    });
  }
}
