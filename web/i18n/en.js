// Every string the interface shows in English. English is the second language, shown only when chosen.
// One catalogue per language, in sections: each part of the interface keeps its strings
// in its own section, with the same keys in both languages (a test checks).

export default {
  // — Shell: header, connection, invitation, presence —
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

  // — Table screen: agenda, texts, comments —

  // — Facilitation: session, speaking queue, polls, invitations, minutes review —

  // — History: replay, authorship, differences, exports —
};
