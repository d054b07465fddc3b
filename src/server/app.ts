// The HTTP service: Fastify with zod schemas for every route, multipart uploads, CORS, helmet,
// per-client rate limits, Prometheus metrics, OpenAPI and Swagger UI (served from the package).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config/config.ts';
import { ClusterRateLimitStore, inCluster } from './cluster.ts';
import { ApiError, sendError } from './errors.ts';
import { analysesRoutes } from './routes/analyses.ts';
import { batchesRoutes } from './routes/batches.ts';
import { compatRoutes } from './routes/compat.ts';
import { documentsRoutes } from './routes/documents.ts';
import { opsRoutes } from './routes/ops.ts';
import { referenceRoutes } from './routes/reference.ts';
import type { App } from './routes/types.ts';
import { loggerOptions } from './logging.ts';
import type { Runtime } from './runtime.ts';
import { BatchMultipartUpload, JsonUpload, MultipartUpload } from './schemas.ts';

export { loggerOptions };

export const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Request bodies that are parsed in the handler (multipart or base64 JSON), shown in /openapi.json. */
const UPLOAD_BODIES: Record<string, Record<string, z.ZodType>> = {
  '/v1/analyses': { 'multipart/form-data': MultipartUpload, 'application/json': JsonUpload },
  '/v1/batches': { 'multipart/form-data': BatchMultipartUpload },
};

function addUploadBodies(doc: Record<string, any>): Record<string, any> {
  for (const [path, contents] of Object.entries(UPLOAD_BODIES)) {
    const op = doc.paths?.[path]?.post;
    if (!op) continue;
    op.requestBody = {
      required: true,
      content: Object.fromEntries(Object.entries(contents).map(([type, schema]) => [type, { schema: z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) }])),
    };
  }
  return doc;
}

export interface ServerState {
  draining: boolean;
  version: string;
}

/** The Fastify app over a runtime; not listening yet. */
export async function buildApp(rt: Runtime): Promise<{ app: FastifyInstance; state: ServerState }> {
  const { config } = rt;
  const state: ServerState = { draining: false, version: VERSION };
  const fastify = Fastify({
    logger: loggerOptions(config.logLevel),
    trustProxy: config.trustProxy as boolean | string[], // a hop count works too (Fastify's types omit it)
    requestIdHeader: false, // read in genReqId, which accepts only a safe id
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    // One line per request (below, when it is answered) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  const app = fastify.withTypeProvider<ZodTypeProvider>() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  // Responses are typed by their schemas at compile time and checked against them in tests;
  // at run time they are plain JSON, so a response is never turned into a 500 by its own check.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.setErrorHandler((err, _request, reply) => sendError(reply, err));
  app.setNotFoundHandler((request, reply) => sendError(reply, new ApiError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}`)));

  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const ms = reply.elapsedTime;
    rt.metrics.httpRequest(request.method, route, reply.statusCode, ms / 1000);
    request.log.info({ req: request, res: { statusCode: reply.statusCode }, responseTime: Math.round(ms * 100) / 100 }, 'request completed');
    done();
  });

  await app.register(helmet, { global: true });
  if (config.corsOrigins) await app.register(cors, { origin: config.corsOrigins === '*' ? '*' : config.corsOrigins, methods: ['GET', 'POST', 'DELETE', 'OPTIONS'], exposedHeaders: ['x-request-id', 'retry-after'] });
  if (config.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      global: true,
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      // Redis when configured; else in this process, or in a cluster in the primary (counted once for all web workers).
      ...(rt.redis ? { redis: rt.redis, nameSpace: `${config.redisPrefix}:rate:` } : inCluster() ? { store: ClusterRateLimitStore } : {}),
      skipOnError: true, // Redis down: serve rather than refuse everyone
      keyGenerator: (request) => request.ip,
      errorResponseBuilder: (_request, context) => new ApiError('RATE_LIMITED', `at most ${context.max} requests per minute; retry in ${Math.ceil(context.ttl / 1000)} s`),
    });
  }
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'MedBillGuard API', version: VERSION, description: 'Audits Indian medical bills against official CGHS, NPPA and IRDAI references. Every analysis is the analysis object of CONTRACT.md.' },
      tags: ['analyses', 'batches', 'reference', 'health', 'metrics', 'compatibility'].map((name) => ({ name })),
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) => ('openapiObject' in doc ? addUploadBodies(doc.openapiObject as Record<string, any>) : doc.swaggerObject) as never,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { url: '/openapi.json' } as Record<string, unknown> });

  app.get('/openapi.json', { config: { rateLimit: false }, schema: { hide: true } }, async () => app.swagger());
  analysesRoutes(app, rt);
  documentsRoutes(app, rt);
  batchesRoutes(app, rt);
  referenceRoutes(app, rt);
  opsRoutes(app, rt, state);
  compatRoutes(app, rt);
  return { app: app as unknown as FastifyInstance, state };
}
