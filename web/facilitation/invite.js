// Invitations (facilitators): role, name, organisation, days → a link to hand over, with a
// "copy" button. The Clipboard API needs a secure context; elsewhere the link is selected
// so Ctrl+C (or the phone's copy menu) does the rest. Folded while a session is live.
import { h, formatTime } from './ui-kit.js';

const ROLES = ['ets', 'pa', 'facilitator', 'coordinator'];

export function inviteSection(ctx) {
  return {
    id: 'fac-invite',
    model: () => ({
      show: ctx.view.me.role === 'facilitator',
      live: (ctx.view.client.state?.sessions ?? []).some((s) => s.status === 'live'),
    }),
    build(model) {
      if (!model.show) return [];
      const { f, t } = ctx;
      const made = ctx.local.invitation;
      const create = () => {
        const name = String(ctx.draft('fac-invite-name')).trim();
        const organisation = String(ctx.draft('fac-invite-organisation')).trim();
        const days = Number(ctx.draft('fac-invite-days', '30'));
        if (!name || !organisation) return ctx.fail('fac-invite-create', f.errors.required);
        if (!Number.isInteger(days) || days < 1 || days > 366) return ctx.fail('fac-invite-create', f.errors.days);
        ctx.run('fac-invite-create', () => ctx.view.client.invite(ctx.draft('fac-invite-role', 'ets'), name, organisation, days), (invitation) => {
          ctx.local.invitation = { ...invitation, name, copied: null };
          ctx.forget('fac-invite-');
          ctx.view.announce(f.inviteReady(name));
        });
      };
      const copy = async () => {
        try {
          await navigator.clipboard.writeText(made.link);
          made.copied = 'copied';
        } catch {
          const field = document.getElementById('fac-invite-link');
          field?.focus();
          field?.select();
          made.copied = 'manual';
        }
        ctx.changed();
      };
      return [
        h('h2', {}, f.invite),
        ctx.setup('invite', f.cockpit.setup.invite, model.live,
          h('form', { class: 'fac-form', onsubmit: (e) => { e.preventDefault(); create(); } },
            ctx.field('fac-invite-role', f.role, { value: 'ets' }, 'select', ROLES.map((r) => h('option', { value: r }, t.roles[r] ?? r))),
            ctx.field('fac-invite-name', f.name, { autocomplete: 'off', maxlength: 200 }),
            ctx.field('fac-invite-organisation', f.organisation, { autocomplete: 'off', maxlength: 200 }),
            ctx.field('fac-invite-days', f.days, { type: 'number', min: 1, max: 366, value: '30', inputmode: 'numeric' }),
            ctx.button('fac-invite-create', f.createInvite, null, { type: 'submit' }))),
        made ? h('div', { class: 'fac-invitation' },
          h('p', { role: 'status' }, f.inviteReady(made.name), ' ', f.expires(formatTime(f, made.expiresAt, true))),
          h('label', { class: 'fac-field' }, h('span', { class: 'fac-label' }, f.link),
            h('input', { id: 'fac-invite-link', 'data-key': 'fac-invite-link', readOnly: true, value: made.link, onfocus: (e) => e.target.select() })),
          ctx.button('fac-copy', f.copy, copy),
          made.copied ? h('p', { role: 'status', class: 'fac-note' }, made.copied === 'copied' ? f.copied : f.copyManually) : null) : null,
      ];
    },
  };
}
