// Each session's folder as the status line saw it (its side file), for projects in reports.
import type { SideFile } from '../store/sideFile.js';
import type { ProjectDirs } from './grouping.js';

export function projectDirs(side: SideFile): ProjectDirs {
  return new Map(Object.keys(side.sessions).map((id) => [id, side.sessions[id]!.projectDir]));
}
