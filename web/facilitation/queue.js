// The speaking queue: who has the floor and for how long (the time ticks in place, see
// index.js), the raised hands in order with the kind of each intervention and who is away, and
// the hand and floor buttons each role gets. While a session is live a facilitator runs all
// this from the cockpit (cockpit.js), so the section steps aside for them.
import { HAND_KINDS, queueModel, formatDuration } from './model.js';
import { h } from './ui-kit.js';

const who = (ctx, person) => (person.organisation ? `${person.name} (${person.organisation})` : person.name);

export function queueSection(ctx) {
  return {
    id: 'fac-queue',
    model: () => queueModel(ctx.view.client.state, ctx.view.me, Date.now()),
    build(model) {
      const { f, t, view } = ctx;
      const c = f.cockpit;
      if (model.cockpit) return [];
      if (!model.live && !model.floor && model.queue.length === 0) return [];
      const dot = (id) => {
        const mark = h('span', { class: 'fac-dot', 'aria-hidden': 'true' });
        mark.style.background = view.colourOf(id);
        return mark;
      };
      const floor = model.floor
        ? h('p', { class: model.floor.mine ? 'fac-floor fac-floor-mine' : 'fac-floor' }, dot(model.floor.id),
          model.floor.mine ? [h('strong', {}, f.floorMine(model.floor.person.name)), ' · '] : [h('strong', {}, `${f.floor}: `), who(ctx, model.floor.person), ' · '],
          h('span', { class: 'fac-ticking', 'data-since': model.floor.since }, formatDuration(model.floor.seconds)),
          model.floor.release ? h('span', { class: 'fac-actions' },
            ctx.button('fac-release', model.floor.mine ? f.release : f.takeBack, () => ctx.act('fac-release', { releaseFloor: {} }),
              { class: model.floor.mine ? 'fac-primary' : null })) : null)
        : h('p', { class: 'fac-floor' }, model.live ? f.nobodySpeaking : f.notLive);
      // Raising again with another kind changes it (a point of order goes ahead).
      const raise = () => ctx.act('fac-hand', { raiseHand: { kind: ctx.draft('fac-hand-kind', 'speech') } });
      let hand = null;
      if (model.hand === 'raise' && !model.floor?.mine) {
        hand = h('div', { class: 'fac-actions fac-raise' },
          ctx.field('fac-hand-kind', c.handKind, { value: 'speech' }, 'select', HAND_KINDS.map((kind) => h('option', { value: kind }, c.kinds[kind]))),
          ctx.button('fac-hand', f.raiseHand, raise, { class: 'fac-primary' }));
      } else if (model.hand === 'lower') {
        hand = h('div', { class: 'fac-actions fac-raise' },
          h('p', { class: 'fac-note', role: 'status' }, c.myPlace(model.myPlace.position, c.kinds[model.myPlace.kind])),
          ctx.button('fac-hand', f.lowerHand, () => ctx.act('fac-hand', { lowerHand: {} })));
      }
      const queue = model.queue.map((entry) => h('li', { class: entry.away ? 'fac-away' : null },
        dot(entry.id), who(ctx, entry.person), entry.mine ? ` (${t.you})` : '', ' ',
        h('span', { class: `fac-kind fac-kind-${entry.kind}` }, c.kinds[entry.kind]),
        entry.away ? [' ', h('span', { class: 'fac-away-badge', title: c.awayHint }, c.away)] : null,
        entry.spoken >= 1 ? h('span', { class: 'fac-note' }, ` · ${f.spoken(formatDuration(entry.spoken))}`) : null,
        entry.give || entry.remove ? h('span', { class: 'fac-actions' },
          entry.give ? ctx.button(`fac-give-${entry.id}`, f.give, () => ctx.act(`fac-give-${entry.id}`, { giveFloor: { participantID: entry.id } })) : null,
          entry.remove ? ctx.button(`fac-unqueue-${entry.id}`, f.remove, () => ctx.act(`fac-unqueue-${entry.id}`, { lowerHandOf: { participantID: entry.id } })) : null)
          : null));
      const giveTo = () => {
        const id = ctx.draft('fac-give-to');
        if (!id) return ctx.fail('fac-give-any', f.errors.required);
        ctx.act('fac-give-any', { giveFloor: { participantID: id } }, () => ctx.drafts.delete('fac-give-to'));
      };
      return [
        h('h2', {}, f.queue),
        floor,
        hand,
        h('h3', {}, f.queueTitle),
        queue.length ? h('ol', { class: 'fac-list fac-queue-list' }, queue) : h('p', {}, f.queueEmpty),
        model.giveTo.length ? h('form', { class: 'fac-form', onsubmit: (e) => { e.preventDefault(); giveTo(); } },
          ctx.field('fac-give-to', f.giveToAnyone, {}, 'select',
            [h('option', { value: '' }, f.choose), ...model.giveTo.map((p) => h('option', { value: p.id }, who(ctx, p)))]),
          ctx.button('fac-give-any', f.give, null, { type: 'submit' })) : null,
        model.byOrganisation.length ? h('details', { class: 'fac-details', open: ctx.local.byOrganisationOpen, ontoggle: (e) => { ctx.local.byOrganisationOpen = e.target.open; } }, h('summary', {}, f.byOrganisation),
          h('ul', { class: 'fac-list' }, model.byOrganisation.map((o) => h('li', {}, `${o.organisation}: ${formatDuration(o.seconds)}`)))) : null,
      ];
    },
  };
}
