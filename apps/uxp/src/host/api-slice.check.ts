// Compile-time only: Adobe's own types (@adobe/premierepro) must fit the slice the plugin codes against, so the
// slice (and the fakes written to it) cannot drift from the real API. `npm run typecheck` fails when they do.
import type * as Adobe from '@adobe/premierepro';
import type {
  UxpClipProjectItem,
  UxpFolderItem,
  UxpPremiere,
  UxpProject,
  UxpSequence,
  UxpTickTime,
  UxpTrackItemSelection,
  UxpVideoClipTrackItem,
} from './premiere-api.ts';

type Fits<Real, Slice> = Real extends Slice ? true : false;
type Assert<T extends true> = T;

export type AdobeTypesFitTheSlice = [
  Assert<Fits<Adobe.TickTime, UxpTickTime>>,
  Assert<Fits<Adobe.Sequence, UxpSequence>>,
  Assert<Fits<Adobe.Project, UxpProject>>,
  Assert<Fits<Adobe.ClipProjectItem, UxpClipProjectItem>>,
  Assert<Fits<Adobe.FolderItem, UxpFolderItem>>,
  Assert<Fits<Adobe.VideoClipTrackItem, UxpVideoClipTrackItem>>,
  Assert<Fits<Adobe.TrackItemSelection, UxpTrackItemSelection>>,
  Assert<Fits<Adobe.premierepro, UxpPremiere>>,
];
