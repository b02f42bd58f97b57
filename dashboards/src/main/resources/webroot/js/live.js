// GET /api/v1/live as an EventSource; the browser reconnects by itself after a network break.
import { session, logout, get, qs } from './api.js';

// handler name -> SSE channel ("status" there is a device turning online or offline)
const CHANNELS = { telemetry: 'telemetry', event: 'event', state: 'state', frame: 'frame', alert: 'alert', deviceStatus: 'status' };

/**
 * handlers: {telemetry, event, state, frame, alert, deviceStatus, status(connected: boolean)}; only the channels with
 * a handler are asked for, and with site only that site's events, so a wall screen is not sent every reading.
 */
export function connectLive(handlers, site) {
  const s = session();
  const wanted = Object.keys(CHANNELS).filter(name => handlers[name]);
  const channels = wanted.map(name => CHANNELS[name]).join(',');
  const source = new EventSource('/api/v1/live' + qs({ channels, site, access_token: s.token }));
  for (const name of wanted) {
    source.addEventListener(CHANNELS[name], e => handlers[name](JSON.parse(e.data)));
  }
  source.onopen = () => handlers.status && handlers.status(true);
  source.onerror = () => {
    handlers.status && handlers.status(false);
    if (source.readyState === EventSource.CLOSED) {
      // closed for good: an expired token answers 401; anything else, try again shortly
      get('/alerts?limit=1').then(() => setTimeout(() => connectLive(handlers, site), 3000), () => logout());
    }
  };
  return source;
}
