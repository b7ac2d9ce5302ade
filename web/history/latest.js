// Latest wins: while someone scrubs, only the newest moment matters. Each request waits a
// short moment (a new one replaces it before it is sent), a newer request aborts the one in
// flight, and an answer that arrives after a newer request started is dropped, so the
// screen keeps the previous render until the answer for the latest position arrives.

export class LatestRequest {
  /**
   * @param {{delay?: number, setTimer?: Function, clearTimer?: Function}} options
   *   `delay`: milliseconds to wait before sending (a light debounce).
   */
  constructor({ delay = 30, setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (id) => clearTimeout(id) } = {}) {
    this.delay = delay;
    // Called as plain functions: a browser's setTimeout refuses to run with another `this`.
    this.setTimer = (fn, ms) => setTimer(fn, ms);
    this.clearTimer = (id) => clearTimer(id);
    this.generation = 0;
    this.timer = null;
    this.controller = null;
    this.key = undefined;
  }

  /**
   * Schedules `task(signal)` (returns a promise); `onResult` or `onError` is called only
   * if no newer request was scheduled meanwhile. Aborts are never reported. A `key` equal to
   * that of the request pending or last answered asks for nothing new (playback asks for the
   * same whole second several times): it neither restarts nor repeats it.
   */
  schedule(task, onResult, onError = () => {}, key = undefined) {
    if (key !== undefined && key === this.key) return;
    this.key = key;
    const generation = ++this.generation;
    if (this.timer !== null) this.clearTimer(this.timer);
    const start = () => {
      this.timer = null;
      this.controller?.abort();
      const controller = new AbortController();
      this.controller = controller;
      let promise;
      try {
        promise = Promise.resolve(task(controller.signal));
      } catch (error) {
        promise = Promise.reject(error);
      }
      promise.then(
        (result) => { if (generation === this.generation) { this.controller = null; onResult(result); } },
        (error) => {
          if (generation !== this.generation || error?.name === 'AbortError') return;
          this.controller = null;
          this.key = undefined;  // so that asking again retries
          onError(error);
        },
      );
    };
    if (this.delay > 0) this.timer = this.setTimer(start, this.delay);
    else start();
  }

  /** True while a scheduled request has not answered yet. */
  get pending() {
    return this.timer !== null || this.controller !== null;
  }

  /** Forgets whatever is scheduled or in flight. */
  cancel() {
    this.key = undefined;
    this.generation++;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.controller?.abort();
    this.controller = null;
  }
}
