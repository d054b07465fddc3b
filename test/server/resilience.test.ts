// The service when things go wrong: PostgreSQL or Redis stopping under a running server, a
// worker killed mid-batch, a worker stopped by SIGTERM. One test process; the suites run side
// by side in it.
import { describe } from 'node:test';
import { outageSuites } from './outage.suite.ts';
import { workerSuites } from './workers.suite.ts';
import { exitWhenDone } from './helpers.ts';

describe('resilience', { concurrency: true }, () => {
  outageSuites();
  workerSuites();
});

exitWhenDone();
