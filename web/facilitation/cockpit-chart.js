// A poll's results as a bar chart (the cockpit's and the polls section's): each option is a
// line of text, "option: 3 votes (60%)", with its bar under it, so the numbers are read by
// everyone (screen readers included: the bars are decoration) and a long option wraps on a
// 360-px phone instead of running into the next one or out of the screen.
import { h } from './ui-kit.js';

/**
 * A poll's results as a bar chart: one bar per option with its label, count and share (of the
 * votes cast), the longest bar full width. Values are text as well as bars.
 */
export function pollChart(poll) {
  const counts = poll.options.map((o) => o.count ?? 0);
  const total = counts.reduce((sum, n) => sum + n, 0);
  const max = Math.max(0, ...counts);
  return {
    total,
    bars: poll.options.map((o, i) => ({
      index: i, key: String.fromCharCode(65 + i), label: o.label, count: counts[i],
      percent: total > 0 ? Math.round((100 * counts[i]) / total) : 0,
      width: max > 0 ? Math.round((100 * counts[i]) / max) : 0,
      leading: max > 0 && counts[i] === max,
    })),
  };
}

/** `poll`: a pollModel with counts. `voters`: show who chose what (non-anonymous polls). */
export function chartView(f, poll, { caption = null, voters = true } = {}) {
  const chart = pollChart(poll);
  return h('figure', { class: 'fac-chart' },
    caption ? h('figcaption', { class: 'fac-note' }, caption) : null,
    h('ul', { class: 'fac-chart-bars' }, chart.bars.map((bar) => {
      const option = poll.options[bar.index];
      const fill = h('span', { class: 'fac-bar-fill' });
      fill.style.width = `${bar.width}%`;
      return h('li', { class: bar.leading && chart.total > 0 ? 'fac-chart-row fac-leading' : 'fac-chart-row' },
        h('span', { class: 'fac-chart-text' }, h('span', { class: 'fac-chart-label' }, option.label), ': ',
          h('strong', { class: 'fac-chart-value' }, f.count(bar.count, bar.percent))),
        h('span', { class: 'fac-bar', 'aria-hidden': 'true' }, fill),
        voters && option.voters?.length ? h('span', { class: 'fac-note fac-voters' }, f.cockpit.chosenBy(option.voters.join(', '))) : null);
    })));
}
