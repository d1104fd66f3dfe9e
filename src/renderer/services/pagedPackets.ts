import type { InspectorService, PacketViewStatus } from '../../shared/contract/inspector';
import type { PacketQuery } from '../../shared/inspector/packetQuery';
import type { PacketRow } from '../../shared/inspector/packets/types';
import { PagedRows } from './pagedRows';

/** Open packet views by engine view id, so status events reach them. */
export const openPacketViews = new Map<string, PagedPackets>();

/** The packet list's window onto one engine packet view: filtered in the engine, paged around what is on screen. */
export class PagedPackets extends PagedRows<PacketRow, PacketViewStatus> {
  constructor(
    inspector: InspectorService,
    readonly connectionId: string,
    readonly query: PacketQuery,
  ) {
    super(
      {
        open: () => inspector.openView(connectionId, query),
        read: (viewId, start, count) => inspector.readView(viewId, start, count),
        close: (viewId) => inspector.closeView(viewId),
      },
      openPacketViews as Map<string, PagedRows<PacketRow, PacketViewStatus>>,
      // A packet's row can gain problems later (the flow linker), so compare those too.
      (shown, fetched) => shown.no === fetched.no && shown.problems.length === fetched.problems.length,
    );
  }
}
