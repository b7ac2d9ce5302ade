// Entry point of the web client. Today: join the table of an invitation link, show the
// connection and who is present. The table screen (agenda, texts, queue, polls) comes next.
import { TableClient } from './client/table-client.js';
import { catalogues, preferredLanguage } from './i18n/index.js';
import { invitationFromHash, tabReplica } from './invitation.js';

const $ = (id) => document.getElementById(id);
let language = preferredLanguage(window.localStorage);
let status = 'connecting';
let refusal = null;
const invitation = invitationFromHash(window.location.hash);
let client = null;

export function socketURL(location) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

function render() {
  const t = catalogues[language];
  document.documentElement.lang = language;
  $('tagline').textContent = t.tagline;
  $('language').textContent = t.language;
  $('connection').dataset.state = status === 'online' ? 'open' : status === 'offline' ? 'closed' : 'connecting';
  $('connection-text').textContent = refusal ? t.refused(refusal) : t[status];
  $('invitation').textContent = invitation
    ? `${t.table(invitation.table)} · ${t.invitationFor(invitation.name, invitation.organisation, t.roles[invitation.role] ?? invitation.role)}`
    : t.noInvitation;
  $('present-title').textContent = t.present;
  const list = $('presence');
  list.replaceChildren();
  if (client && status === 'online') {
    const people = [{ name: invitation.name, organisation: invitation.organisation, role: invitation.role, self: true },
      ...client.members.values()];
    for (const person of people) {
      const item = document.createElement('li');
      const role = t.roles[person.role] ?? person.role;
      item.textContent = `${person.name} – ${person.organisation} (${role})${person.self ? ` · ${t.you}` : ''}`;
      list.append(item);
    }
  }
  $('presence-section').hidden = !(client && status === 'online');
}

$('language').addEventListener('click', () => {
  language = language === 'it' ? 'en' : 'it';
  window.localStorage.setItem('tavolo.language', language);
  render();
});

if (invitation) {
  client = new TableClient({
    url: socketURL(window.location), table: invitation.table, replica: tabReplica(window.sessionStorage), token: invitation.token,
  });
  client.on('status', (value) => { status = value; if (value === 'online') refusal = null; render(); });
  client.on('presence', render);
  client.on('error', (error) => {
    if (error.code === 'not_authenticated' || error.code === 'unauthorized') { refusal = error.message; client.close(); render(); }
  });
  client.connect();
} else {
  // Without an invitation, only show whether the server can be reached.
  let retryDelay = 500;
  const probe = () => {
    const socket = new WebSocket(socketURL(window.location), 'tavolo.v1');
    socket.addEventListener('open', () => { retryDelay = 500; status = 'online'; render(); });
    socket.addEventListener('close', () => {
      status = 'offline';
      render();
      setTimeout(probe, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 10000);
    });
  };
  probe();
}
render();
