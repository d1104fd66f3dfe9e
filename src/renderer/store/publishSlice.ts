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
};

export type PublishSlice = {
  composerFill: ComposerFill | undefined;
  fillComposer(fill: ComposerFill): void;
  /** The composer took it: it must not be applied again when the composer shows up later. */
  takeComposerFill(): void;
};

export const createPublishSlice: StateCreator<AppState, [], [], PublishSlice> = (set) => ({
  composerFill: undefined,
  fillComposer: (composerFill) => set({ composerFill }),
  takeComposerFill: () => set({ composerFill: undefined }),
});
