// Polls: a fieldset per poll to vote in (radio or checkboxes; the vote can change while the
// poll is open), results as bars whose numbers are in the text, and the facilitator's
// controls (new poll, close, show results). The polarità are launched one at a time from the
// cockpit (cockpit.js) while a session is live.
import { visiblePolls, pollAction, voteAction } from './model.js';
import { chartView } from './cockpit-chart.js';
import { h } from './ui-kit.js';

export function pollsSection(ctx) {
  return {
    id: 'fac-polls',
    model: () => ({ create: ctx.view.me.role === 'facilitator', polls: visiblePolls(ctx.view.client.state, ctx.view.me) }),
    build(model) {
      const { f } = ctx;
      if (!model.create && model.polls.length === 0) return [];
      return [
        h('h2', {}, f.polls),
        model.create ? createForms(ctx) : null,
        model.polls.length ? model.polls.map((poll) => pollView(ctx, poll)) : h('p', {}, f.noPolls),
      ];
    },
  };
}

function createForms(ctx) {
  const { f } = ctx;
  const create = () => {
    const made = pollAction(ctx.draft('fac-poll-question'), ctx.draft('fac-poll-options'),
      ctx.draft('fac-poll-multiple', false), ctx.draft('fac-poll-anonymous', false));
    if (made.error) return ctx.fail('fac-poll-create', f.errors[made.error]);
    ctx.act('fac-poll-create', made.action, () => ctx.forget('fac-poll-'));
  };
  return h('details', { class: 'fac-details', open: ctx.local.newPollOpen, ontoggle: (e) => { ctx.local.newPollOpen = e.target.open; } },
    h('summary', {}, f.newPoll),
    h('form', { class: 'fac-form', onsubmit: (e) => { e.preventDefault(); create(); } },
      ctx.field('fac-poll-question', f.question, { maxlength: 500, autocomplete: 'off' }),
      ctx.field('fac-poll-options', f.options, { rows: 4 }, 'textarea'),
      ctx.field('fac-poll-multiple', f.multiple, { type: 'checkbox' }),
      ctx.field('fac-poll-anonymous', f.anonymous, { type: 'checkbox' }),
      ctx.button('fac-poll-create', f.createPoll, null, { type: 'submit' })));
}

function pollView(ctx, poll) {
  const { f } = ctx;
  const key = `fac-choice-${poll.id}`;
  const chosen = () => ctx.draft(key, poll.options.filter((o) => o.chosen).map((o) => o.index));
  const choose = (index, on) => {
    const now = poll.multiple ? chosen().filter((i) => i !== index) : [];
    ctx.drafts.set(key, on ? [...now, index] : now);
  };
  const vote = () => {
    const action = voteAction(poll, chosen());
    if (!action) return ctx.fail(`fac-vote-${poll.id}`, f.errors.chooseOption);
    ctx.act(`fac-vote-${poll.id}`, action, () => ctx.drafts.delete(key));
  };
  const meta = [poll.open ? f.pollOpen : f.pollClosed, poll.anonymous ? f.anonymousPoll : null, poll.multiple ? f.multiple : null].filter(Boolean).join(' · ');
  const options = poll.vote
    ? h('div', { class: 'fac-options' }, poll.options.map((o) => h('label', { class: 'fac-check' },
      h('input', { type: poll.multiple ? 'checkbox' : 'radio', name: key, id: `${key}-${o.index}`, 'data-key': `${key}-${o.index}`,
        checked: chosen().includes(o.index), onchange: (e) => choose(o.index, e.target.checked) }),
      h('span', {}, o.label))))
    : null;
  const results = poll.results ? h('div', { class: 'fac-results' },
    chartView(f, poll, { caption: poll.resultsShown ? f.results : `${f.results} (${f.resultsHidden})` })) : null;
  const mine = poll.voted ? h('p', { class: 'fac-note' }, f.myVote(poll.options.filter((o) => o.chosen).map((o) => o.label).join(', '))) : null;
  return h('form', { class: 'fac-poll', onsubmit: (e) => { e.preventDefault(); vote(); } },
    h('fieldset', {}, h('legend', {}, poll.question), h('p', { class: 'fac-note' }, meta), options, mine, results,
      h('div', { class: 'fac-actions' },
        poll.vote ? ctx.button(`fac-vote-${poll.id}`, poll.voted ? f.changeVote : f.vote, null, { type: 'submit' }) : null,
        poll.close ? ctx.button(`fac-poll-close-${poll.id}`, f.closePoll, () => ctx.act(`fac-poll-close-${poll.id}`, { closePoll: { poll: poll.id } })) : null,
        poll.show ? ctx.button(`fac-poll-show-${poll.id}`, f.showResults, () => ctx.act(`fac-poll-show-${poll.id}`, { showPollResults: { poll: poll.id } })) : null)));
}
