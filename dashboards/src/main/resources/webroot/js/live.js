// GET /api/v1/live as an EventSource; the browser reconnects by itself after a network break.
import { session, logout, get } from './api.js';

const CHANNELS = ['telemetry', 'event', 'state', 'frame', 'alert'];

/** handlers: {telemetry, event, state, frame, alert, status(connected: boolean)}. */
export function connectLive(handlers) {
  const s = session();
  const source = new EventSource('/api/v1/live?access_token=' + encodeURIComponent(s.token));
  for (const ch of CHANNELS) {
    if (handlers[ch]) source.addEventListener(ch, e => handlers[ch](JSON.parse(e.data)));
  }
  source.onopen = () => handlers.status && handlers.status(true);
  source.onerror = () => {
    handlers.status && handlers.status(false);
    if (source.readyState === EventSource.CLOSED) {
      // closed for good: an expired token answers 401; anything else, try again shortly
      get('/sites').then(() => setTimeout(() => connectLive(handlers), 3000), () => logout());
    }
  };
  return source;
}
