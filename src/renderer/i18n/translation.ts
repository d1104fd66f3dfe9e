import type { en } from './en';

/**
 * What a language's resources must hold: every key of the English set, as text. Plural `_one`
 * forms are optional, since languages such as Korean have a single form (`_other`).
 */
export type Translation<T = typeof en> = {
  [K in keyof T as K extends `${string}_one` ? never : K]: T[K] extends string ? string : Translation<T[K]>;
} & {
  [K in keyof T as K extends `${string}_one` ? K : never]?: string;
};
