// Taking a snapshot: read the cluster through the ports (paginated lists, the groups and their launch
// templates, the nodes' image sizes) and turn it into a simulator fixture. Writing it is snapshot-file.ts.
import type { SnapshotDocument } from '../sim/fixture/snapshot/index.js';
import { snapshotDocument } from '../sim/fixture/snapshot/index.js';
import { readCluster, type ReadContext } from './prepare.js';

export async function takeSnapshot(ctx: ReadContext, cluster: string, source: string): Promise<SnapshotDocument> {
  const [view, imageSizes] = await Promise.all([readCluster(ctx, cluster), ctx.kube.listImageSizes()]);
  return snapshotDocument({ view, imageSizes, source });
}
