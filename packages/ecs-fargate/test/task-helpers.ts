import { NET } from "./helpers";

/** Where the task components (`QueueWorker`, `ScheduledTask`, `EventTask`) run: a cluster ARN, VPC and subnets. */
export const TASK_NET = { clusterArn: NET.cluster, vpcId: NET.vpcId, subnetIds: NET.subnetIds };
