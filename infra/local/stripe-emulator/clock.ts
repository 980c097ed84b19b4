/**
 * Emulator time = real time + offset (seconds). The offset only ever grows, so emulator time is monotonic.
 * Object timestamps and event `created` use this clock; webhook signatures use the real clock.
 */
export class Clock {
  constructor(private offsetSeconds = 0) {}

  static realNow(): number {
    return Math.floor(Date.now() / 1000);
  }

  now(): number {
    return Clock.realNow() + this.offsetSeconds;
  }

  get offset(): number {
    return this.offsetSeconds;
  }

  /** Moves emulator time forward to `t` (never backwards). */
  advanceTo(t: number): void {
    const wanted = t - Clock.realNow();
    if (wanted > this.offsetSeconds) this.offsetSeconds = wanted;
  }
}
