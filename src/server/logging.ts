// Logger settings shared by the server and the workers: JSON lines (pino), never secrets or
// bill content. Kept apart from app.ts so `medbillguard worker` starts without loading Fastify.
import type { Config } from '../config/config.ts';

export function loggerOptions(level: Config['logLevel']) {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', '*.password', '*.file_content'], censor: '***' },
    serializers: {
      req: (req: { method: string; url: string; ip?: string; id?: string }) => ({ method: req.method, url: req.url.split('?')[0], ip: req.ip }),
    },
  };
}
