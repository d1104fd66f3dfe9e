/** One behaviour of a broker, as `qoscope check` and *Check broker* report it. */
export type CheckResult = 'pass' | 'fail' | 'not supported';
export type CheckRow = { name: string; result: CheckResult; detail: string };
