/** Where the workflow reads the time, so tests can move it where real waiting is not the point. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
