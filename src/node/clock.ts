/** The system clock adapter; everything else receives time through the Clock port. */
import type { Clock } from './ports.js';

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand (simulated time). */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(time: Date): void {
    this.current = new Date(time);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
