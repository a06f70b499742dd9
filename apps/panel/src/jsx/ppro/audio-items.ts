import type { AudioItem } from '@reanimate/panel-ui/host-bridge';
import { parseTicks, ticksToSeconds } from '@reanimate/panel-ui/host-rules';
import { mayHaveAudio } from '../shared/media';
import { mediaPathOf, requireProject } from './common';

/** Bins deeper than this are not searched (a guard against cycles in a broken project, not a real limit). */
const MAX_DEPTH = 32;

type Loose = { [key: string]: unknown };

/** ProjectItem.isOffline() is documented (docs/item/projectitem.md) but not in the typings: call it if present. */
function isOffline(item: ProjectItem): boolean {
  try {
    const method = (item as unknown as Loose).isOffline;
    return typeof method === 'function' && Boolean((method as () => unknown).call(item));
  } catch (_error) {
    return false;
  }
}

function isSequenceItem(item: ProjectItem): boolean {
  try {
    return Boolean(item.isSequence?.());
  } catch (_error) {
    return false;
  }
}

/** In..out of the master clip in seconds (the whole media unless the user marked it), or null. */
function durationOf(item: ProjectItem): number | null {
  try {
    const length = parseTicks(item.getOutPoint().ticks) - parseTicks(item.getInPoint().ticks);
    return length > 0 ? ticksToSeconds(length) : null;
  } catch (_error) {
    return null;
  }
}

function collect(bin: ProjectItem, binPath: string, depth: number, found: AudioItem[]): void {
  const children = bin.children;
  if (!children || depth > MAX_DEPTH) {
    return;
  }
  for (let i = 0; i < children.numItems; i++) {
    const child = children[i];
    if (!child) {
      continue;
    }
    if (child.type === ProjectItemType.BIN) {
      collect(child, binPath === '' ? child.name : `${binPath}/${child.name}`, depth + 1, found);
      continue;
    }
    if (isSequenceItem(child)) {
      continue;
    }
    const path = mediaPathOf(child);
    if (path === null || !mayHaveAudio(path) || isOffline(child)) {
      continue;
    }
    found.push({
      itemId: child.nodeId,
      name: child.name,
      mediaPath: path,
      binPath: binPath,
      durationSec: durationOf(child),
    });
  }
}

/** Clips in the project panel that can serve as the new audio, depth-first in project panel order. */
export function listAudioItems(): AudioItem[] {
  const project = requireProject();
  const found: AudioItem[] = [];
  collect(project.rootItem, '', 0, found);
  return found;
}
