type Mode = 'shared' | 'exclusive';

interface Waiter {
  mode: Mode;
  grant(): void;
}

/**
 * A first-come-first-served readers/writer lock over PGlite's single session.
 *
 * Plain queries hold it shared: they may be in flight together because the session runs them in
 * arrival order. A transaction holds it exclusive from BEGIN to release, so no other caller's
 * statement can land inside it. Waiters are served in order, so a waiting transaction is not
 * starved by a stream of plain queries, and queries issued after it wait for it to finish.
 */
export class ConnectionGate {
  #shared = 0;
  #exclusive = false;
  #queue: Waiter[] = [];
  #idle: Array<() => void> = [];

  /** Resolves when the caller may send plain queries. */
  acquireShared(): Promise<void> {
    return this.#acquire('shared');
  }

  /** Resolves when the caller is alone on the session. */
  acquireExclusive(): Promise<void> {
    return this.#acquire('exclusive');
  }

  release(mode: Mode): void {
    if (mode === 'shared') {
      if (this.#shared === 0) throw new Error('ConnectionGate: shared release without acquire');
      this.#shared--;
    } else {
      if (!this.#exclusive) throw new Error('ConnectionGate: exclusive release without acquire');
      this.#exclusive = false;
    }
    this.#drain();
  }

  /** Resolves once nobody holds or waits for the gate (used by close). */
  whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #acquire(mode: Mode): Promise<void> {
    return new Promise((resolve) => {
      this.#queue.push({ mode, grant: resolve });
      this.#drain();
    });
  }

  #drain(): void {
    while (this.#queue.length > 0) {
      const next = this.#queue[0];
      if (next.mode === 'shared') {
        if (this.#exclusive) break;
        this.#shared++;
      } else {
        if (this.#exclusive || this.#shared > 0) break;
        this.#exclusive = true;
      }
      this.#queue.shift();
      next.grant();
    }
    if (this.#isIdle()) {
      const idle = this.#idle;
      this.#idle = [];
      for (const resolve of idle) resolve();
    }
  }

  #isIdle(): boolean {
    return this.#shared === 0 && !this.#exclusive && this.#queue.length === 0;
  }
}
