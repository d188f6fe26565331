// The modelling toolkit's documents as the API carries them (see @vigil/modeling), re-exported
// under the names the module's helpers use.
import type { ScorecardArtefact, VariableBinning } from '../../../api/types.ts';

export type { Bin, CoefficientRow, GainsBand, ModelMetrics, SampleEvaluation, ScorecardArtefact, ScorecardRow, VariableBinning, VariableDecision } from '../../../api/types.ts';
export type IvBandName = VariableBinning['ivBand'];
export type KsPoint = ScorecardArtefact['evaluation']['train']['ksCurve'][number];
