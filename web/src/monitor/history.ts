// A fixed-size ring of timestamped samples (several series per sample), preallocated:
// pushing never allocates, and the oldest sample is overwritten once it is full.

export class HistoryRing {
  readonly capacity: number;
  readonly series: number;
  private readonly times: Float64Array;
  private readonly values: Float32Array;
  /** Index the next push writes. */
  private head = 0;
  private size = 0;

  constructor(capacity: number, series: number) {
    if (capacity < 1 || series < 1) throw new RangeError("capacity and series must be >= 1");
    this.capacity = capacity;
    this.series = series;
    this.times = new Float64Array(capacity);
    this.values = new Float32Array(capacity * series);
  }

  /** Appends a sample: its time, s, and one value per series. */
  push(timeS: number, values: ArrayLike<number>): void {
    this.times[this.head] = timeS;
    const base = this.head * this.series;
    for (let s = 0; s < this.series; s++) this.values[base + s] = values[s] ?? NaN;
    this.head = (this.head + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** How many samples are held. */
  get length(): number {
    return this.size;
  }

  private slot(i: number): number {
    if (i < 0 || i >= this.size) throw new RangeError(`sample ${i} of ${this.size}`);
    return (this.head - this.size + i + this.capacity) % this.capacity;
  }

  /** Time of sample i, s; 0 is the oldest. */
  timeAt(i: number): number {
    return this.times[this.slot(i)]!;
  }

  /** Value of series s in sample i; 0 is the oldest. */
  valueAt(i: number, s: number): number {
    return this.values[this.slot(i) * this.series + s]!;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }
}
