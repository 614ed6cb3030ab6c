// How a session is named on screen: its project (repository or folder) and the start of its id,
// or the id alone when the project is not known.
import { shortId } from '../../report/cells.js';
import type { SessionSummary } from '../../report/summary.js';

export function sessionName(s: Pick<SessionSummary, 'id' | 'project'>): string {
  return s.project ? `${s.project} ${shortId(s.id)}` : shortId(s.id);
}
