// The playback clock: session time advances at `speed` times wall-clock time from the
// moment play was pressed. It is a value computed from a clock, not a counter of ticks, so
// a slow frame or a busy tab never makes playback drift.

export const speeds = [1, 10, 60, 300];

export class PlaybackClock {
  /** @param {{now?: () => number, speed?: number}} options `now` in milliseconds (wall clock). */
  constructor({ now = () => performance.now(), speed = 1 } = {}) {
    this.now = now;
    this.speed = speed;
    this.playing = false;
    this.anchorMoment = 0;
    this.anchorWall = 0;
    this.end = Infinity;
  }

  /** Starts from `at` towards `end`; playing from the end starts again from `start`. */
  play(at, start, end) {
    this.end = end;
    this.anchorMoment = at >= end ? start : at;
    this.anchorWall = this.now();
    this.playing = true;
  }

  /** The moment shown now; stops by itself at the end. */
  moment() {
    if (!this.playing) return this.anchorMoment;
    const at = this.anchorMoment + (this.now() - this.anchorWall) * this.speed;
    if (at >= this.end) {
      this.playing = false;
      this.anchorMoment = this.end;
      return this.end;
    }
    return at;
  }

  pause() {
    this.anchorMoment = this.moment();
    this.playing = false;
  }

  /** Changes speed without a jump: the moment reached so far becomes the new anchor. */
  setSpeed(speed) {
    if (this.playing) {
      this.anchorMoment = this.moment();
      this.anchorWall = this.now();
    }
    this.speed = speed;
  }

  /** Moves to `at` (e.g. the person dragged the slider) and keeps playing from there if playing. */
  seek(at) {
    this.anchorMoment = at;
    this.anchorWall = this.now();
  }
}
