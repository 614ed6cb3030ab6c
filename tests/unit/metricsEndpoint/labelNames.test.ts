// Label names as Claude Code's own exporter makes them, and the --metrics-drop-labels list.
import { describe, expect, it } from 'vitest';
import { DropLabelsError, labelNameOf, parseDropLabels } from '../../../src/metricsEndpoint/labelNames.js';

describe('label names', () => {
  it('turns attribute keys into Prometheus label names as the OpenTelemetry exporter does', () => {
    expect(labelNameOf('team.id')).toBe('team_id');
    expect(labelNameOf('user.email')).toBe('user_email');
    expect(labelNameOf('vcs.repository.url.full')).toBe('vcs_repository_url_full');
    expect(labelNameOf('a..b--c')).toBe('a_b_c');
    expect(labelNameOf('__proto__')).toBe('_proto_');
    expect(labelNameOf('constructor')).toBe('constructor');
    expect(labelNameOf('équipe')).toBe('_quipe');
    // Prometheus refuses a leading digit; nothing at all is no name.
    expect(labelNameOf('1st.team')).toBe('_1st_team');
    expect(labelNameOf('')).toBeUndefined();
  });

  it('reads --metrics-drop-labels, attribute keys included, and says what is wrong', () => {
    expect(parseDropLabels('session_id,user_email')).toEqual(['session_id', 'user_email']);
    expect(parseDropLabels(' session_id , team.id,session_id')).toEqual(['session_id', 'team_id']);
    expect(() => parseDropLabels('session_id,,user_id')).toThrow(DropLabelsError);
    expect(() => parseDropLabels('session_id,,user_id')).toThrow(/empty one/);
    expect(() => parseDropLabels('')).toThrow(/empty one/);
  });
});
