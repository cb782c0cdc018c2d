// Bearer-token auth on every route but the probes and the docs. Tokens are compared as SHA-256 digests
// with timingSafeEqual: equal lengths whatever was sent, and no early exit that times where they differ.
import crypto from 'node:crypto';
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { FlywheelError } from '../errors.ts';

/**
 * Paths open without a token: the orchestrator's probes, and the API's description (the OpenAPI document and
 * its docs page show the API's shape, no data; a browser could not send the token to load them anyway).
 */
export function isOpenRoute(route: string | undefined): boolean {
  if (route === undefined) return false;
  return route === '/healthz' || route === '/readyz' || route === '/openapi.json' || route === '/docs' || route.startsWith('/docs/');
}

const digest = (text: string) => crypto.createHash('sha256').update(text).digest();

export function tokenMatcher(token: string): (presented: string) => boolean {
  const expected = digest(token);
  return (presented) => crypto.timingSafeEqual(digest(presented), expected);
}

/** `Authorization: Bearer <token>`: the token, or undefined when the header is missing or another scheme. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/** With an empty token the API is open: allowed only on a loopback address (serve checks that). */
export function addAuth(app: FastifyInstance, token: string): void {
  if (token === '') return;
  const matches = tokenMatcher(token);
  app.addHook('onRequest', async (request, reply) => {
    // The matched route, not the raw URL: no spelling of a path reaches a closed route as an open one, and an
    // unknown path answers 401 before 404, so the routes cannot be probed without the token.
    if (isOpenRoute(request.routeOptions.url)) return;
    const presented = bearerToken(request.headers.authorization);
    if (presented === undefined || !matches(presented)) {
      reply.header('www-authenticate', 'Bearer realm="flywheel"');
      throw new FlywheelError('FLY_UNAUTHORIZED', presented === undefined ? 'missing bearer token: send Authorization: Bearer <FLYWHEEL_API_TOKEN>' : 'wrong bearer token');
    }
  });
}

/** 127.0.0.0/8, ::1 and localhost: where an API without a token can be reached only from this machine. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./i.test(h);
  return false;
}
