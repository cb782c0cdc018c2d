// Bearer-token auth on every route but the probes and the docs, with a lockout after repeated failures; without a
// token, a Host check. Tokens are compared as SHA-256 digests
// with timingSafeEqual: equal lengths whatever was sent, and no early exit that times where they differ.
import crypto from 'node:crypto';
import net from 'node:net';
import rateLimit from '@fastify/rate-limit';
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

export interface AuthOptions {
  /** Bearer token; empty: no auth, and only loopback Host headers are served. */
  token: string;
  /** Failed authentications one client address may make per window; beyond, it is locked out until the window ends. */
  failures: number;
  windowMs: number;
}

/** Most locked-out addresses remembered at once: a flood of addresses cannot grow the map without bound. */
const MAX_LOCKOUTS = 10_000;

/**
 * With a token: every closed route needs it, and an address that fails `failures` times in a window gets 429
 * for every request, the right token included, until the window ends (a guess that succeeds during a lockout
 * tells nothing). Counting is @fastify/rate-limit's; the lockout is ours, since the plugin counts requests,
 * not failures. Without a token: the Host check (serve allows no token only on a loopback address).
 */
export async function addAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  if (options.token === '') {
    addHostCheck(app);
    return;
  }
  const matches = tokenMatcher(options.token);
  await app.register(rateLimit, { global: false });
  const countFailure = app.createRateLimit({ max: options.failures, timeWindow: options.windowMs, keyGenerator: (request) => request.ip });
  const lockedUntil = new Map<string, number>();
  const refuse = (until: number): never => {
    throw new FlywheelError('FLY_AUTH_RATE_LIMITED', 'too many failed authentications from this address: try again after retry-after seconds', { details: { retryAfterS: Math.max(1, Math.ceil((until - Date.now()) / 1000)) } });
  };
  app.addHook('onRequest', async (request, reply) => {
    // The matched route, not the raw URL: no spelling of a path reaches a closed route as an open one, and an
    // unknown path answers 401 before 404, so the routes cannot be probed without the token.
    if (isOpenRoute(request.routeOptions.url)) return;
    const until = lockedUntil.get(request.ip);
    if (until !== undefined) {
      if (until > Date.now()) refuse(until);
      lockedUntil.delete(request.ip);
    }
    const presented = bearerToken(request.headers.authorization);
    if (presented !== undefined && matches(presented)) return;
    const limit = await countFailure(request);
    if (!limit.isAllowed && limit.isExceeded) {
      if (lockedUntil.size >= MAX_LOCKOUTS) lockedUntil.delete(lockedUntil.keys().next().value as string);
      const end = Date.now() + limit.ttl;
      lockedUntil.set(request.ip, end);
      refuse(end);
    }
    reply.header('www-authenticate', 'Bearer realm="flywheel"');
    throw new FlywheelError('FLY_UNAUTHORIZED', presented === undefined ? 'missing bearer token: send Authorization: Bearer <FLYWHEEL_API_TOKEN>' : 'wrong bearer token');
  });
}

/**
 * An API without a token listens only on a loopback address, but a browser page can still reach it through a
 * name that resolves to 127.0.0.1 (DNS rebinding): the Host header then carries that name. Only loopback
 * names are served.
 */
export function addHostCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const host = hostName(request.headers.host);
    if (host === undefined || !isLoopback(host)) {
      throw new FlywheelError('FLY_HOST_FORBIDDEN', 'this API has no token and answers only requests addressed to a loopback name (localhost, 127.0.0.1, [::1])');
    }
  });
}

/** The host of a Host header without its port; undefined when missing or malformed. */
export function hostName(header: string | undefined): string | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+)(?::\d{1,5})?$/.exec(header ?? '');
  return match?.[1]?.toLowerCase();
}

/** 127.0.0.0/8, ::1 and localhost: where an API without a token can be reached only from this machine. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./i.test(h);
  return false;
}
