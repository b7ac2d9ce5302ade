// The speaking queue: who has the floor and for how long (the time ticks in place, see
// index.js), the raised hands in order, and the hand and floor buttons each role gets.
import { queueModel, formatDuration } from './model.js';
import { h } from './ui-kit.js';

const who = (ctx, person) => (person.organisation ? `${person.name} (${person.organisation})` : person.name);

export function queueSection(ctx) {
  return {
    id: 'fac-queue',
    model: () => queueModel(ctx.view.client.state, ctx.view.me, Date.now()),
    build(model) {
      const { f, t, view } = ctx;
      if (!model.live && !model.floor && model.queue.length === 0) return [];
      const dot = (id) => {
        const mark = h('span', { class: 'fac-dot', 'aria-hidden': 'true' });
        mark.style.background = view.colourOf(id);
        return mark;
      };
      const floor = model.floor
        ? h('p', { class: 'fac-floor' }, dot(model.floor.id), h('strong', {}, `${f.floor}: `), who(ctx, model.floor.person),
          model.floor.mine ? ` (${t.you})` : '', ' · ',
          h('span', { class: 'fac-ticking', 'data-since': model.floor.since }, formatDuration(model.floor.seconds)),
          model.floor.release ? h('span', { class: 'fac-actions' },
            ctx.button('fac-release', model.floor.mine ? f.release : f.takeBack, () => ctx.act('fac-release', { releaseFloor: {} }))) : null)
        : h('p', { class: 'fac-floor' }, model.live ? f.nobodySpeaking : f.notLive);
      const hand = model.hand
        ? ctx.button('fac-hand', model.hand === 'raise' ? f.raiseHand : f.lowerHand,
          () => ctx.act('fac-hand', model.hand === 'raise' ? { raiseHand: {} } : { lowerHand: {} }),
          { class: model.hand === 'raise' ? 'fac-primary' : null })
        : null;
      const queue = model.queue.map((entry) => h('li', {},
        dot(entry.id), who(ctx, entry.person), entry.mine ? ` (${t.you})` : '',
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
        queue.length ? h('ol', { class: 'fac-list' }, queue) : h('p', {}, f.queueEmpty),
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
