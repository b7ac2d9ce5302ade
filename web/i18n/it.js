// Every string the interface shows in Italian. Italian is the default language.
// One catalogue per language, in sections: each part of the interface keeps its strings
// in its own section, with the same keys in both languages (a test checks).

export default {
  // — Shell: header, connection, invitation, presence —
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

  // — Table screen: agenda, texts, comments —

  // — Facilitation: session, speaking queue, polls, invitations, minutes review —

  // — History: replay, authorship, differences, exports —
};
