// The service through real HTTP: every route of API.md on every backend the environment offers,
// every refusal and edge, and the deploy files and docs against the code. One test process for all (each process pays for loading the
// service and the analysis core); the suites run side by side in it.
import { describe } from 'node:test';
import { apiSuites } from './api.suite.ts';
import { deploySuites } from './deploy.suite.ts';
import { refusalSuites } from './refusals.suite.ts';
import { exitWhenDone } from './helpers.ts';

describe('service over HTTP', { concurrency: true }, () => {
  apiSuites();
  refusalSuites();
  deploySuites();
});

exitWhenDone();
