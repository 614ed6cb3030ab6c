// PromQL text from untrusted values: quoted so a value is only ever a value, keys as labels.
import { describe, expect, it } from 'vitest';
import { boundarySum, quote, selector } from '../../../src/prometheusSource/promql.js';
import { filterMatchers, groupPlan, groupValue, regexEscape } from '../../../src/prometheusSource/teamKeys.js';
import { retentionMs } from '../../../src/prometheusSource/readTeam.js';
import { PrometheusError } from '../../../src/prometheusSource/promClient.js';

describe('PromQL text', () => {
  it('quotes values so that quotes, backslashes and line breaks stay inside the string', () => {
    expect(quote('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(selector('up', [{ label: 'team_id', op: '=', value: 'x"} or vector(1) #' }])).toBe('up{team_id="x\\"} or vector(1) #"}');
    expect(regexEscape('a.b|c*')).toBe('a\\.b\\|c\\*');
  });

  it('writes D and P for an instant (@) and for a range query (offset)', () => {
    const at = boundarySum('D', 'x', [], ['model'], 60_000, 3_600_000, { start: 1_000_000, end: 1_060_000 });
    expect(at).toBe('sum by (model) (last_over_time(x{}[3660000ms] @ 1060.000) >= 0)');
    expect(boundarySum('P', 'x', [], ['model'], 60_000, 3_600_000)).toBe('sum by (model) (last_over_time(x{}[3600000ms] offset 60000ms) >= 0)');
  });

  it('turns filters into label matchers: a user by email or id, a session by prefix, dots to underscores', () => {
    expect(filterMatchers({ key: 'user', value: 'me@example.com' })).toEqual([{ label: 'user_email', op: '=', value: 'me@example.com' }]);
    expect(filterMatchers({ key: 'user', value: 'b0b' })).toEqual([{ label: 'user_id', op: '=', value: 'b0b' }]);
    expect(filterMatchers({ key: 'session', value: '3286bc07' })).toEqual([{ label: 'session_id', op: '=~', value: '3286bc07.*' }]);
    expect(filterMatchers({ key: 'team.id', value: 'platform' })).toEqual([{ label: 'team_id', op: '=', value: 'platform' }]);
    expect(filterMatchers({ key: 'organization', value: 'o' })).toEqual([{ label: 'organization_id', op: '=', value: 'o' }]);
    expect(() => filterMatchers({ key: 'bad-key', value: 'x' })).toThrow(PrometheusError);
  });

  it('groups by labels the reports read under cc-top names (user: email, else id)', () => {
    const user = groupPlan('user')!;
    expect(user).toEqual({ kind: 'labels', labels: ['user_email', 'user_id'], reportKey: 'user' });
    expect(groupValue(user, { user_id: 'b0b' })).toBe('b0b');
    expect(groupValue(user, { user_email: 'a@x', user_id: 'b0b' })).toBe('a@x');
    expect(groupPlan('organization')).toMatchObject({ labels: ['organization_id'], reportKey: 'organization.id' });
    expect(groupPlan('team.id')).toMatchObject({ labels: ['team_id'], reportKey: 'team_id' });
    expect(groupPlan('model')).toEqual({ kind: 'dimension', reportKey: 'model' });
  });

  it('reads the retention Prometheus reports', () => {
    expect(retentionMs('15d')).toBe(15 * 86_400_000);
    expect(retentionMs('1y or 512MiB')).toBe(31_536_000_000);
    expect(retentionMs('512MiB')).toBeUndefined();
    expect(retentionMs(undefined)).toBeUndefined();
  });
});
