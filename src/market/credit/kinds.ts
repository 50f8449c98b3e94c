import { Field } from '../../chain/module/schema.ts';
import { defineKind, NO_RESULT } from '../../chain/module/stateModule.ts';
import { applyAgencyScore, agencyScoreArgs } from '../ops/agency.ts';
import { applyReport, reportArgs } from '../ops/report.ts';
import { applyRule, ruleArgs } from '../ops/rule.ts';
import { applyExpel, expelArgs } from '../ops/expel.ts';

/** Credit and supervision kinds: agency scores, reports, rulings, expulsions (docs/credit.md). */
export const CREDIT_KINDS = {
  'market.agency': defineKind({ doc: "credit agency: a participant's external score 0..1000, once per agency cycle", schema: agencyScoreArgs, result: NO_RESULT, apply: applyAgencyScore }),
  'market.report': defineKind({ doc: "anyone: report a suspected violation with the check's score and flags", schema: reportArgs, result: { report: Field.u32 }, apply: applyReport }),
  'market.rule': defineKind({ doc: 'regulator: confirm or dismiss an open report, with the reason published', schema: ruleArgs, result: NO_RESULT, apply: applyRule }),
  'market.expel': defineKind({ doc: 'regulator: force a participant out; with ban, for good (its identity commitment too)', schema: expelArgs, result: NO_RESULT, apply: applyExpel }),
};
