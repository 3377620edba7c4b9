import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Request, type Response, type NextFunction } from 'express';
import { type CreateRoomResponse, seatLinkFragment, WireErrorCode } from '../shared/protocol';
import { createRoomSchema } from '../shared/protocol/schemas';
import { BASE_LOCALE } from '../shared/i18n/locales';
import { pageLocale } from './pageLanguage';
import { precompressed } from './precompressed';
import { type AbuseGuard, addressTag } from './rateLimit';
import type { RoomService } from './roomService';

export interface HttpOptions {
  clientDir: string;
  guard: AbuseGuard;
  trustProxy: boolean;
  /** The origin links are built on, when the deployment names one (PUBLIC_URL). */
  publicUrl?: string;
  /**
   * On every address (HOST=0.0.0.0), the address phones on the network can open: used only for a
   * request that came to this computer's own loopback (asked per request: it is known once listening).
   */
  networkOrigin: () => string | undefined;
}

/** Headers for every response: our own origin only, no referrers, no inline script. */
function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  );
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  // The microphone only for this page itself (the voice call, when a person joins it); no camera, no location.
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(self), geolocation=()');
  next();
}

/** The HTTP side: create a room (one private link per seat) and serve the built client. */
export function createHttpApp(service: RoomService, options: HttpOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy) app.set('trust proxy', true);
  app.use(securityHeaders);
  // A carried-forward summary in any script (4 bytes a character at most) still fits.
  app.use(express.json({ limit: '16kb' }));

  app.post('/api/rooms', async (req, res) => {
    if (!options.guard.roomsPerAddress.take(req.ip ?? 'unknown')) {
      console.warn(`room creation refused: too many rooms from address ${addressTag(req.ip ?? 'unknown')}`);
      res.status(429).json({ error: { code: WireErrorCode.RateLimited, message: 'Many rooms were created from here recently. Please try again later.' } });
      return;
    }
    const parsed = createRoomSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      // Say which field was wrong and how, not one message for every mistake.
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'body';
      const message = issue?.code === 'unrecognized_keys' ? `A new room takes only mediator, topic, carriedForward, offLimits and settings (not ${issue.keys.join(', ')}).` : (issue?.message ?? 'The request was not understood.');
      res.status(400).json({ error: { code: WireErrorCode.BadPayload, message, field } });
      return;
    }
    const { roomId, keys } = await service.createRoom(parsed.data);
    const host = req.get('host') ?? '';
    const loopback = !options.trustProxy && /^(localhost|127(\.\d+){3}|\[::1\])(:\d+)?$/.test(host);
    const origin = options.publicUrl ?? (loopback ? options.networkOrigin() : undefined) ?? `${req.protocol}://${host}`;
    const links = Object.fromEntries(Object.entries(keys).map(([seat, key]) => [seat, `${origin}/${seatLinkFragment(roomId, key!)}`]));
    res.status(201).setHeader('Cache-Control', 'no-store').json({ roomId, links } satisfies CreateRoomResponse);
  });

  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: WireErrorCode.BadPayload, message: 'No such request.' } });
  });

  if (existsSync(join(options.clientDir, `index.${BASE_LOCALE}.html`))) {
    app.use(precompressed(options.clientDir, '1h'));
    app.use(express.static(options.clientDir, { index: false, maxAge: '1h' }));
    // Every page is the app's one page, in the person's language (each language is its own build).
    app.use((req, res) => {
      const locale = pageLocale(req.get('cookie'), req.get('accept-language'));
      res.setHeader('Vary', 'Cookie, Accept-Language');
      res.setHeader('Content-Language', locale);
      res.sendFile(join(options.clientDir, `index.${locale}.html`));
    });
  } else {
    app.use((_req, res) => {
      res.status(503).type('text/plain').send('The client is not built yet. Run `npm run build`, or `npm start`, which builds it.');
    });
  }

  // A malformed body must get a clear answer and never a stack trace.
  app.use((err: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(err.status ?? 400).json({ error: { code: WireErrorCode.BadPayload, message: 'The request was not understood.' } });
  });
  return app;
}
