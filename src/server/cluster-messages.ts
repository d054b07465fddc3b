// Messages between the cluster's primary and its web workers that process.ts sends too (kept
// apart so that process.ts does not load cluster.ts for them).

/** A web worker listens and has its reference data loaded. */
export const WORKER_READY = 'mbg:ready';
