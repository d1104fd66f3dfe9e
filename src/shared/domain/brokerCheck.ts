/** One behaviour of a broker, as `qoscope check` and *Check broker* report it. */
export type CheckResult = 'pass' | 'fail' | 'not supported';
/** `packets`: the capture numbers of the packets this row's probe exchanged (first..last), when captured. */
export type CheckRow = { name: string; result: CheckResult; detail: string; packets?: { first: number; last: number } };
/** A whole check; `captureId` names the inspector capture that holds its packets, when one does. */
export type CheckReport = { rows: CheckRow[]; captureId?: string };
