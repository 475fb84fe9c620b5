/** A clock the test moves by hand, shared by the Manager (`now`) and the memory provider (`now`). */
export class FakeClock {
  #ms: number;

  constructor(start = Date.UTC(2030, 0, 1)) {
    this.#ms = start;
  }

  /** The current time, epoch milliseconds; pass as `now`. */
  readonly now = (): number => this.#ms;

  /** Moves time forward by `seconds`. */
  advance(seconds: number): void {
    this.#ms += seconds * 1000;
  }
}
