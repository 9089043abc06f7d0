import type { LockDto } from '@tdgen/contracts';

/**
 * Where the `hello` event's list of live locks comes from. The locks module provides it (wired in
 * AppModule through `EventsModule.withLiveLocks`): locks publish through events, so events must not
 * import locks.
 */
export abstract class LiveLocksSource {
  abstract listActive(): Promise<LockDto[]>;
}
