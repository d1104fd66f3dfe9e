import type { StateCreator } from 'zustand';
import type { QoS } from '../../shared/domain/message';
import type { ViewFormat } from '../../shared/payload/codecs/codec';
import type { AppState } from './index';

/** What the message details ask the publish composer to hold (Edit and publish). */
export type ComposerFill = {
  connectionId: string;
  topic: string;
  payload: string;
  format: ViewFormat;
  qos: QoS;
  retain: boolean;
  /** Distinguishes two fills with the same content, so each one is applied. */
  serial: number;
};

export type PublishSlice = {
  composerFill: ComposerFill | undefined;
  fillComposer(fill: Omit<ComposerFill, 'serial'>): void;
};

export const createPublishSlice: StateCreator<AppState, [], [], PublishSlice> = (set) => ({
  composerFill: undefined,
  fillComposer: (fill) => set((state) => ({ composerFill: { ...fill, serial: (state.composerFill?.serial ?? 0) + 1 } })),
});
