// Sends each role to its own first screen: a canteen with one kitchen straight to it.
import { requireSession, get } from './api.js';

const s = await requireSession();
if (s.role === 'company') {
  location.replace('/ui/company.html');
} else if (s.role === 'canteen') {
  get('/sites').then(sites => location.replace(sites.length === 1
    ? '/ui/site.html?id=' + encodeURIComponent(sites[0].id) : '/ui/overview.html'));
} else {
  location.replace('/ui/overview.html');
}
