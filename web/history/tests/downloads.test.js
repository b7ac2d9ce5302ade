import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canReadAudit, dispositionName, downloadName, fallbackNames, safeFileName, stamp } from '../downloads.js';

test('only coordinators and facilitators are offered the audit log', () => {
  assert.equal(canReadAudit('coordinator'), true);
  assert.equal(canReadAudit('facilitator'), true);
  assert.equal(canReadAudit('pa'), false);
  assert.equal(canReadAudit('ets'), false);
  assert.equal(canReadAudit(''), false);
});

test('the server\'s file name is used, made safe', () => {
  assert.equal(dispositionName('attachment; filename="verbale-seduta-1.pdf"'), 'verbale-seduta-1.pdf');
  assert.equal(dispositionName('attachment; filename=audit.csv'), 'audit.csv');
  assert.equal(dispositionName("attachment; filename=\"x.md\"; filename*=UTF-8''verbale%20d%C3%A9finitif.md"), 'verbale définitif.md');
  assert.equal(dispositionName('attachment; filename="../../etc/passwd"'), 'etc-passwd');
  assert.equal(dispositionName('attachment'), null);
  assert.equal(dispositionName(null), null);
  assert.equal(downloadName(null, 'fallback.txt'), 'fallback.txt');
  assert.equal(downloadName('attachment; filename="a.odt"', 'fallback.odt'), 'a.odt');
});

test('our own names say what and when, and suit every file system', () => {
  const at = Date.UTC(2026, 10, 23, 15, 20, 5);
  assert.equal(stamp(at), '2026-11-23_15-20-05');
  assert.equal(fallbackNames.document('ambito-anziani', 'proposal:Coop A/goals', at, 'odt'), 'ambito-anziani-proposal-Coop A-goals-2026-11-23_15-20-05.odt');
  assert.equal(fallbackNames.minutes('ambito-anziani', 's1', 'pdf'), 'ambito-anziani-verbale-s1.pdf');
  assert.equal(fallbackNames.audit('ambito-anziani'), 'ambito-anziani-audit.csv');
  assert.equal(safeFileName('a<b>c|d?.txt'), 'a-b-c-d-.txt');
  assert.equal(safeFileName('...'), 'tavolo');
});
