// Every string the interface shows, Italian first and English second: one catalogue per language.

export const catalogues = {
  it: {
    title: 'Tavolo',
    tagline: 'Tavoli di co-progettazione dal vivo.',
    connecting: 'Connessione in corso…',
    online: 'Connesso',
    offline: 'Disconnesso: le modifiche restano qui e saranno inviate al ritorno della connessione.',
    noInvitation: 'Per partecipare a un tavolo apri il link di invito che hai ricevuto.',
    invitationFor: (name, organisation, role) => `Invito per ${name} (${organisation}), ruolo: ${role}`,
    table: (id) => `Tavolo: ${id}`,
    present: 'Presenti',
    you: 'tu',
    refused: (message) => `Accesso non riuscito: ${message}`,
    language: 'English',
    roles: { facilitator: 'facilitatore', pa: 'pubblica amministrazione', ets: 'ente del Terzo settore', coordinator: 'coordinamento' },
  },
  en: {
    title: 'Tavolo',
    tagline: 'Live co-design tables.',
    connecting: 'Connecting…',
    online: 'Connected',
    offline: 'Disconnected: your edits stay here and are sent when the connection is back.',
    noInvitation: 'To join a table, open the invitation link you received.',
    invitationFor: (name, organisation, role) => `Invitation for ${name} (${organisation}), role: ${role}`,
    table: (id) => `Table: ${id}`,
    present: 'Present',
    you: 'you',
    refused: (message) => `Could not join: ${message}`,
    language: 'Italiano',
    roles: { facilitator: 'facilitator', pa: 'public administration', ets: 'Third Sector organisation', coordinator: 'coordinator' },
  },
};

/** Italian first: English only when the person chose it (the choice is remembered). */
export function preferredLanguage(storage) {
  const saved = storage?.getItem('tavolo.language');
  return saved === 'en' ? 'en' : 'it';
}
