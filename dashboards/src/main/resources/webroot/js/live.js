// GET /api/v1/live as an EventSource; the browser reconnects by itself after a network break.
import { session, logout, get, qs } from './api.js';

const CHANNELS = ['telemetry', 'event', 'state', 'frame', 'alert'];

/**
 * handlers: {telemetry, event, state, frame, alert, status(connected: boolean)}; only the channels with a handler are
 * asked for, and with site only that site's events, so a wall screen is not sent every reading of the county.
 */
export function connectLive(handlers, site) {
  const s = session();
  const channels = CHANNELS.filter(ch => handlers[ch]).join(',');
  const source = new EventSource('/api/v1/live' + qs({ channels, site, access_token: s.token }));
  for (const ch of CHANNELS) {
    if (handlers[ch]) source.addEventListener(ch, e => handlers[ch](JSON.parse(e.data)));
  }
  source.onopen = () => handlers.status && handlers.status(true);
  source.onerror = () => {
    handlers.status && handlers.status(false);
    if (source.readyState === EventSource.CLOSED) {
      // closed for good: an expired token answers 401; anything else, try again shortly
      get('/sites').then(() => setTimeout(() => connectLive(handlers, site), 3000), () => logout());
    }
  };
  return source;
}
